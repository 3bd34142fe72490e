import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("WorkerExecutor: cancel, bad results, shutdown")
struct ExecutorCancelTests {
    typealias Kit = ExecutorTestKit

    @Test("cancelling a queued try removes it and reports it failed")
    func cancelQueued() async throws {
        let loop = MessageLoop(name: "exec-cancel-queued")
        let (executor, _, events) = try await Kit.startExecutor(loop: loop)
        await executor.submit([Kit.work("a"), Kit.work("b")])
        await executor.cancel(Kit.key("a"), reason: "user asked")
        #expect(await events.wait { if case .finished = $0 { true } else { false } })
        #expect(events.finished.map(\.errorMessage) == ["cancelled: user asked"])
        #expect(events.finished.first?.key == Kit.key("a"))
        #expect(events.finished.first?.state == .failed)
        #expect(await executor.queuedCounts() == ["default": 1])
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("cancelling a running try sends task_cancel; the worker's finished follows")
    func cancelRunning() async throws {
        let loop = MessageLoop(name: "exec-cancel-running")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1")
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        await executor.cancel(Kit.key("a"), reason: "timeout")
        #expect(await Kit.eventually { worker.messages.contains { if case .taskCancel = $0 { true } else { false } } })
        let cancel = worker.messages.compactMap { if case .taskCancel(let c) = $0 { c } else { nil } }.first
        #expect(cancel?.key == Kit.key("a"))
        #expect(cancel?.reason == "timeout")
        #expect(events.finished.isEmpty)
        try await worker.finish(Kit.key("a"), state: .failed, error: "killed: timeout")
        #expect(await events.wait { if case .finished = $0 { true } else { false } })
        #expect(events.finished.first?.errorMessage == "killed: timeout")
        #expect(await executor.runningKeys().isEmpty)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a duplicate task_finished is dropped, counted and logged; one for a try never seen here is passed on as late")
    func duplicateFinished() async throws {
        let loop = MessageLoop(name: "exec-duplicate-finished")
        let log = ExecutorLogCapture()
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, log: log)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1")
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        try await worker.finish(Kit.key("a"))
        try await worker.finish(Kit.key("a"))
        try await worker.finish(Kit.key("never-sent"))
        try await worker.finish(Kit.key("never-sent"))
        #expect(await Kit.eventually { await executor.stats().droppedTaskMessages == 2 })
        // The scheduler decides about a result this executor never dispatched (it may be
        // from before a restart): passed on once, its copy dropped.
        #expect(await Kit.eventually { events.finished.count == 2 })
        #expect(events.finished.map(\.key.taskID) == ["a", "never-sent"])
        #expect(log.count(containing: "dropped task_finished") == 2)
        #expect(await executor.stats().finished == 1)
        #expect(await executor.stats().lateResults == 1)
        #expect(await executor.workers().first?.busySlots == 0)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a message type workers never send is dropped with one log line")
    func unexpectedType() async throws {
        let loop = MessageLoop(name: "exec-unexpected")
        let log = ExecutorLogCapture()
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop, log: log)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1")
        try await worker.port.send(.taskDispatch(Kit.work("x").dispatch))
        #expect(await Kit.eventually { await executor.stats().unexpectedMessages == 1 })
        #expect(log.count(containing: "dropped task_dispatch from worker w1") == 1)
        #expect(await executor.workers().count == 1)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("shutdown drains: worker_drain, wait for running tries, worker_shutdown, events end")
    func shutdownDrains() async throws {
        let loop = MessageLoop(name: "exec-shutdown")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1")
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        let stopping = Task { await executor.shutdown(drainTimeout: .seconds(20)) }
        #expect(await Kit.eventually { worker.messages.contains { if case .workerDrain = $0 { true } else { false } } })
        await executor.submit([Kit.work("b")])
        try await worker.finish(Kit.key("a"))
        await stopping.value
        #expect(await Kit.eventually { worker.messages.contains { if case .workerShutdown = $0 { true } else { false } } })
        #expect(worker.dispatched == [Kit.key("a")])
        #expect(events.finished.map(\.state) == [.success])
        await worker.close()
        await loop.shutdown()
    }
}
