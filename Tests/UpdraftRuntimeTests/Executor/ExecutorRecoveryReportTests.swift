import Foundation
import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

/// What the scheduler's recovery needs from the executor: joins it can make durable before
/// any try goes out, and one report per (re-)registration.
@Suite("WorkerExecutor: confirmed joins and first reports")
struct ExecutorRecoveryReportTests {
    typealias Kit = ExecutorTestKit

    @Test("with dispatchOnlyToConfirmedWorkers, a joined worker gets no try until the scheduler confirms it")
    func confirmBeforeDispatch() async throws {
        let loop = MessageLoop(name: "exec-confirm")
        var configuration = ExecutorConfiguration()
        configuration.dispatchOnlyToConfirmedWorkers = true
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop, configuration: configuration)
        await executor.submit([Kit.work("a"), Kit.work("b")])
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 4)
        try await worker.heartbeat(running: [])
        try await Task.sleep(for: .milliseconds(300))
        #expect(worker.dispatched.isEmpty, "dispatched before the join was confirmed: \(worker.dispatched.map(\.taskID))")
        await executor.confirmWorkers(["someone-else"])
        try await Task.sleep(for: .milliseconds(100))
        #expect(worker.dispatched.isEmpty)
        await executor.confirmWorkers(["w1"])
        #expect(await Kit.eventually(20) { worker.dispatched.count == 2 })
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("the first heartbeat after a hello is reported once, with the tries it lists (adopted)")
    func firstHeartbeatReported() async throws {
        let loop = MessageLoop(name: "exec-report")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 4)
        let left = Kit.key("left-running")
        try await worker.heartbeat(running: [left])
        try await worker.heartbeat(running: [left])
        #expect(await events.wait {
            if case .workerReported(let id, let running) = $0 { id == "w1" && running == [left] } else { false }
        })
        try await Task.sleep(for: .milliseconds(200))
        let reports = events.all.filter { if case .workerReported = $0 { true } else { false } }
        #expect(reports.count == 1, "one report per registration, got \(reports.count)")
        #expect(await executor.runningKeys() == [left])
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a result for a try running on no worker goes to the scheduler, and a waiting copy of it is withdrawn")
    func lateResultPassedOn() async throws {
        let loop = MessageLoop(name: "exec-late")
        var configuration = ExecutorConfiguration()
        configuration.dispatchOnlyToConfirmedWorkers = true
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: configuration)
        let late = Kit.work("ran-before-restart")
        await executor.submit([late])
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 4)
        try await worker.finish(late.dispatch.key)
        #expect(await events.wait {
            if case .finished(let f) = $0 { f.key == late.dispatch.key && f.state == .success } else { false }
        })
        #expect(await executor.queuedCounts().isEmpty, "the waiting copy is still queued")
        #expect(await executor.stats().lateResults == 1)
        await executor.confirmWorkers(["w1"])
        try await Task.sleep(for: .milliseconds(300))
        #expect(worker.dispatched.isEmpty, "dispatched a try whose result was in: \(worker.dispatched.map(\.taskID))")
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }
}
