import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("WorkerExecutor: re-registration, fencing, shutting down")
struct ExecutorReregistrationTests {
    typealias Kit = ExecutorTestKit

    @Test("a hello from a restarted worker process (new pid) fails the tries of the old one")
    func restartedWorker() async throws {
        let loop = MessageLoop(name: "exec-restart")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        try await worker.sendHello(pid: 9999)
        #expect(await events.wait { if case .finished = $0 { true } else { false } })
        #expect(events.finished.map(\.errorMessage) == ["worker w1 restarted: its running tries are gone"])
        #expect(await executor.workers().map(\.pid) == [9999])
        #expect(await executor.runningKeys().isEmpty)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a hello again from the same process keeps its tries")
    func sameProcessHelloAgain() async throws {
        let loop = MessageLoop(name: "exec-hello-again")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        try await worker.sendHello()
        #expect(await Kit.eventually {
            worker.messages.filter { if case .workerWelcome = $0 { true } else { false } }.count == 2
        })
        #expect(await executor.runningKeys() == [Kit.key("a")])
        try await worker.finish(Kit.key("a"))
        #expect(await events.wait { if case .finished(let f) = $0 { f.state == .success } else { false } })
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a lost worker that comes back and reports a try already reported failed is told to cancel it")
    func fencedKeyIsCancelled() async throws {
        let loop = MessageLoop(name: "exec-fence")
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 100, timeoutMs: 3000)
        // Long enough that a loaded machine cannot outlast it before the worker reports.
        configuration.fenceDuration = .seconds(120)
        // Not about an unacknowledged dispatch: a starved fake's heartbeats may omit it for long.
        configuration.unacknowledgedDispatchTimeout = .seconds(120)
        let log = ExecutorLogCapture()
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: configuration, log: log)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        // Alive until it holds the try (a loaded machine may take longer than the timeout
        // to dispatch), then silent: lost.
        try await worker.heartbeat()
        worker.startHeartbeats(every: .milliseconds(50))
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { worker.holding.count == 1 }, "executor log: \(log.lines.withLock { $0 })")
        worker.stopHeartbeats()
        #expect(await events.wait { if case .workerLeft = $0 { true } else { false } })
        try await worker.sendHello()
        // Heartbeats again, listing the try it still holds: one beat alone can reach a starved
        // executor after the timeout, when it has declared the worker lost a second time.
        worker.startHeartbeats(every: .milliseconds(50))
        #expect(await Kit.eventually { await executor.workers().count == 1 })
        #expect(await Kit.eventually { worker.messages.contains { if case .taskCancel = $0 { true } else { false } } })
        #expect(await executor.runningKeys().isEmpty)
        #expect(await executor.stats().adopted == 0)
        // Its late finished is dropped: the try was already reported failed once.
        try await worker.finish(Kit.key("a"))
        #expect(await Kit.eventually { await executor.stats().droppedTaskMessages == 1 })
        #expect(events.finished.count == 1)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("while the executor drains, a new worker's hello is rejected with shutting_down")
    func helloWhileShuttingDown() async throws {
        let loop = MessageLoop(name: "exec-shutting-down")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let busy = try await FakeDealerWorker.join(endpoint, loop: loop, id: "busy", capacity: 1)
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { busy.holding.count == 1 })
        let stopping = Task { await executor.shutdown(drainTimeout: .seconds(20)) }
        #expect(await Kit.eventually { busy.messages.contains { if case .workerDrain = $0 { true } else { false } } })
        let late = try await FakeDealerWorker.connect(endpoint, loop: loop, id: "late")
        try await late.sendHello()
        #expect(await Kit.eventually { late.handshakeAnswer != nil })
        if case .workerReject(let reject) = late.handshakeAnswer {
            #expect(reject.code == .shuttingDown)
        } else {
            Issue.record("expected shutting_down, got \(String(describing: late.handshakeAnswer))")
        }
        try await busy.finish(Kit.key("a"))
        #expect(await stopping.value)  // drained: the busy worker finished its try
        await busy.close()
        await late.close()
        await loop.shutdown()
    }

    @Test("a drain that ends with a try still running reports it: shutdown returns false")
    func drainTimesOut() async throws {
        let loop = MessageLoop(name: "exec-drain-timeout")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let busy = try await FakeDealerWorker.join(endpoint, loop: loop, id: "busy", capacity: 1)
        await executor.submit([Kit.work("a")])
        #expect(await Kit.eventually { busy.holding.count == 1 })
        #expect(await executor.shutdown(drainTimeout: .milliseconds(100)) == false)
        #expect(events.finished.first?.errorMessage.contains("executor shut down while worker busy ran this try") == true)
        #expect(await executor.shutdown(drainTimeout: .zero) == false)  // already stopped
        await busy.close()
        await loop.shutdown()
    }

    @Test("a submit that leaves tries waiting for a worker signals the autoscaler; one dispatched at once does not")
    func waitingWorkSignal() async throws {
        let loop = MessageLoop(name: "exec-signal")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let signals = await executor.waitingWorkSignals()
        var iterator = signals.makeAsyncIterator()
        await executor.submit([Kit.work("waits")])  // no worker yet
        #expect(await iterator.next() != nil)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w", capacity: 4)
        #expect(await Kit.eventually { worker.holding.count == 1 })
        await executor.submit([Kit.work("runs")])  // a free slot: dispatched at once
        #expect(await Kit.eventually { worker.holding.count == 2 })
        await executor.submit([Kit.work("big", queue: "heavy")])  // nobody serves "heavy"
        #expect(await iterator.next() != nil)
        // Only one signal was pending (the "runs" submit yielded none): nothing else is buffered.
        #expect(await executor.queuedCounts() == ["heavy": 1])
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("gauges name every counter and the current queue sizes")
    func gauges() async throws {
        let loop = MessageLoop(name: "exec-gauges")
        let (executor, _, _) = try await Kit.startExecutor(loop: loop)
        await executor.submit([Kit.work("a"), Kit.work("b", queue: "heavy")])
        let gauges = await executor.gauges()
        #expect(gauges["executor.queued.default"] == 1)
        #expect(gauges["executor.queued.heavy"] == 1)
        #expect(gauges["executor.workers"] == 0)
        #expect(gauges["executor.dispatched"] == 0)
        #expect(gauges.keys.filter { $0.hasPrefix("executor.") }.count == gauges.count)
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }
}
