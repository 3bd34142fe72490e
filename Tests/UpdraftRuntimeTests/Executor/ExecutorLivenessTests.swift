import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("WorkerExecutor: heartbeats, loss, goodbye, adoption")
struct ExecutorLivenessTests {
    typealias Kit = ExecutorTestKit

    /// Short heartbeats so losses happen within a test. The timeout keeps a wide margin over
    /// the fake workers' 25 ms heartbeats: the whole suite runs in parallel on 2 cores (with
    /// real scheduler and worker processes beside it), and 1 s, later 3 s, timeouts each once
    /// declared the steady worker lost too while the test process was starved.
    static var fast: ExecutorConfiguration {
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 500, timeoutMs: 5000)
        return configuration
    }

    /// Heartbeats as `fast`, but no loss for a minute (tests of what heartbeats say, not of
    /// silence, on a machine that can stall a test for seconds).
    static var fastBeats: ExecutorConfiguration {
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 500, timeoutMs: 60_000)
        return configuration
    }

    /// `fast` on a ``ManualClock``: time moves only when the test says so.
    static func manual() -> (ExecutorConfiguration, ManualClock) {
        let clock = ManualClock()
        var configuration = fast
        configuration.clock = clock
        return (configuration, clock)
    }

    /// Moves `clock` forward `steps` heartbeat intervals, one at a time: each step waits
    /// for the executor's timer to be armed, has each of `alive` send a heartbeat and waits
    /// until the executor has seen it, then advances; returns once the last tick has run.
    /// So the workers in `alive` are never silent for more than one interval on the
    /// executor's clock, however slow the machine is, and the others are silent throughout.
    static func advance(_ clock: ManualClock, steps: Int, _ executor: WorkerExecutor, alive: [FakeDealerWorker]) async throws {
        @Sendable func sequence(_ worker: FakeDealerWorker) async -> UInt64 {
            await executor.workers().first { $0.workerID == worker.id }?.lastHeartbeatSequence ?? 0
        }
        for _ in 0..<steps {
            try #require(await Kit.eventually { clock.sleeperCount == 1 })
            for worker in alive {
                let seen = await sequence(worker)
                try await worker.heartbeat()
                try #require(await Kit.eventually { await sequence(worker) > seen })
            }
            clock.advance(by: .milliseconds(500))
        }
        try #require(await Kit.eventually { clock.sleeperCount == 1 })
    }

    @Test("a silent worker is lost once the timeout has passed on the executor's clock, not before: its tries finish failed, workerLeft; the others keep going")
    func lostWorker() async throws {
        let (configuration, clock) = Self.manual()
        let loop = MessageLoop(name: "exec-lost")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: configuration)
        let quiet = try await FakeDealerWorker.join(endpoint, loop: loop, id: "quiet", capacity: 2)
        let steady = try await FakeDealerWorker.join(endpoint, loop: loop, id: "steady", capacity: 2)
        await executor.submit((0..<4).map { Kit.work("t\($0)") })
        // Required: without both holding their tries the rest would prove nothing.
        try #require(await Kit.eventually { quiet.holding.count == 2 && steady.holding.count == 2 })
        let quietKeys = Set(quiet.holding)

        // 4.5 s of silence: not lost yet.
        try await Self.advance(clock, steps: 9, executor, alive: [steady])
        #expect(await executor.workers().map(\.workerID).sorted() == ["quiet", "steady"])
        #expect(events.left.isEmpty)
        // 5 s: lost at that tick.
        try await Self.advance(clock, steps: 1, executor, alive: [steady])
        #expect(await events.wait { if case .workerLeft(let id, _) = $0 { id == "quiet" } else { false } })
        let expected = "worker quiet lost: no heartbeat for 5.0 s"
        #expect(events.left.first?.reason == expected)
        let failed = events.finished.filter { $0.state == .failed }
        #expect(Set(failed.map(\.key)) == quietKeys, "\(failed.map { "\($0.key.taskID): \($0.errorMessage)" })")
        #expect(failed.allSatisfy { $0.errorMessage == expected })
        #expect(await executor.workers().map(\.workerID) == ["steady"])
        #expect(await executor.stats().lostWorkers == 1)

        // The steady worker still runs and finishes its tries, and takes new work.
        for key in steady.holding { try await steady.finish(key) }
        await executor.submit([Kit.work("after")])
        #expect(await Kit.eventually { steady.dispatched.contains(Kit.key("after")) })
        #expect(await Kit.eventually { events.finished.filter { $0.state == .success }.count == 2 })
        #expect(await executor.workers().first?.busySlots == 1)
        // A late result from the lost worker is dropped (it says hello first, then is fenced).
        try await quiet.finish(try #require(quietKeys.first))
        #expect(await Kit.eventually { await executor.stats().unregisteredMessages == 1 })
        #expect(events.finished.count == 4)
        await quiet.close()
        await steady.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("the retry of a try lost with its worker waits one timeout on the executor's clock before it is dispatched")
    func retryOfLostTryIsHeld() async throws {
        let (configuration, clock) = Self.manual()
        let loop = MessageLoop(name: "exec-hold")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: configuration)
        let quiet = try await FakeDealerWorker.join(endpoint, loop: loop, id: "quiet", capacity: 1)
        await executor.submit([Kit.work("t")])
        try #require(await Kit.eventually { quiet.holding.count == 1 })
        let idle = try await FakeDealerWorker.join(endpoint, loop: loop, id: "idle", capacity: 1)
        try await Self.advance(clock, steps: 10, executor, alive: [idle])
        #expect(await events.wait { if case .workerLeft(let id, _) = $0 { id == "quiet" } else { false } })
        var retry = Kit.work("t")
        retry.dispatch.key.tryNumber = 2
        await executor.submit([retry])
        // Held for the 5 s after the loss: still queued at 4.5 s, whatever the real time is.
        try await Self.advance(clock, steps: 9, executor, alive: [idle])
        #expect(await executor.queuedCounts() == ["default": 1])
        #expect(idle.dispatched.isEmpty)
        try await Self.advance(clock, steps: 1, executor, alive: [idle])
        let retryKey = retry.dispatch.key
        #expect(await Kit.eventually { idle.dispatched == [retryKey] })
        await quiet.close()
        await idle.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("goodbye: the worker's tries finish failed naming the reason, then workerLeft")
    func goodbye() async throws {
        let loop = MessageLoop(name: "exec-goodbye")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        await executor.submit([Kit.work("t")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        var goodbye = WireWorkerGoodbye()
        goodbye.workerID = "w1"
        goodbye.reason = "SIGTERM"
        try await worker.port.send(.workerGoodbye(goodbye))
        #expect(await events.wait { if case .workerLeft = $0 { true } else { false } })
        #expect(events.finished.map(\.errorMessage) == ["worker w1 left: SIGTERM"])
        #expect(events.left.first?.reason == "SIGTERM")
        #expect(await executor.workers().isEmpty)
        #expect(await executor.runningKeys().isEmpty)
        #expect(await executor.stats().departedWorkers == 1)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("tries a re-registered worker reports but were never dispatched here are adopted")
    func adoption() async throws {
        let loop = MessageLoop(name: "exec-adopt")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 2)
        let orphans = [Kit.key("orphan1", run: "old"), Kit.key("orphan2", run: "old")]
        try await worker.heartbeat(running: orphans)
        #expect(await Kit.eventually { await executor.runningKeys().count == 2 })
        #expect(Set(await executor.runningKeys()) == Set(orphans))
        #expect(await executor.workers().first?.busySlots == 2)
        #expect(await executor.stats().adopted == 2)
        // Resubmitting an adopted key (scheduler recovery) is ignored.
        await executor.submit([TaskWork(dispatch: Kit.work("orphan1").dispatch, priority: 1)].map { work in
            var work = work
            work.dispatch.key.runID = "old"
            return work
        })
        #expect(await executor.stats().duplicateSubmissions == 1)
        // Its slots count as busy: a submitted try waits ...
        await executor.submit([Kit.work("waiting")])
        #expect(await executor.queuedCounts() == ["default": 1])
        #expect(worker.dispatched.isEmpty)
        // ... until an adopted try finishes, which flows through as usual.
        try await worker.finish(orphans[0])
        #expect(await events.wait { if case .finished(let f) = $0 { f.key == orphans[0] && f.state == .success } else { false } })
        #expect(await Kit.eventually { worker.dispatched == [Kit.key("waiting")] })
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a worker reporting a try that runs on another worker is told to cancel it")
    func conflictingReportIsCancelled() async throws {
        let loop = MessageLoop(name: "exec-conflict")
        let (executor, endpoint, _) = try await Kit.startExecutor(loop: loop)
        let owner = try await FakeDealerWorker.join(endpoint, loop: loop, id: "owner", capacity: 1)
        let other = try await FakeDealerWorker.join(endpoint, loop: loop, id: "other", queues: ["x"], capacity: 1)
        await executor.submit([Kit.work("t")])
        #expect(await Kit.eventually { owner.holding.count == 1 })
        try await other.heartbeat(running: [Kit.key("t")])
        #expect(await Kit.eventually { other.messages.contains { if case .taskCancel = $0 { true } else { false } } })
        #expect(await executor.runningKeys() == [Kit.key("t")])
        #expect(await executor.workers().map(\.busySlots) == [0, 1])
        await owner.close()
        await other.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a started try then missing from two heartbeats of its worker is reported failed")
    func missingFromHeartbeats() async throws {
        let loop = MessageLoop(name: "exec-missing")
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: Self.fastBeats)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        await executor.submit([Kit.work("vanished")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        var started = WireTaskStarted()
        started.key = worker.holding[0]
        try await worker.port.send(.taskStarted(started))
        try await worker.heartbeat(running: [])
        try await worker.heartbeat(running: [])
        #expect(await events.wait { if case .finished = $0 { true } else { false } })
        #expect(events.finished.first?.errorMessage == "worker w1 does not run this try: missing from 2 heartbeats")
        #expect(await executor.runningKeys().isEmpty)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("heartbeats that omit a dispatch the worker has not acknowledged yet do not fail it before the timeout")
    func crossedHeartbeatsTolerated() async throws {
        let loop = MessageLoop(name: "exec-crossed")
        var configuration = ExecutorConfiguration()
        configuration.heartbeat = .init(intervalMs: 100, timeoutMs: 60_000)
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: configuration)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        await executor.submit([Kit.work("slow-to-arrive")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        // A loaded executor reading, well after the dispatch, heartbeats the worker sent
        // before the dispatch reached it: more than two, more than two intervals later.
        try await Task.sleep(for: .milliseconds(300))
        for _ in 0..<4 { try await worker.heartbeat(running: []) }
        try await worker.heartbeat()
        try await Task.sleep(for: .milliseconds(200))
        #expect(events.finished.isEmpty)
        #expect(await executor.runningKeys() == worker.holding)
        try await worker.finish(worker.holding[0])
        #expect(await events.wait { if case .finished = $0 { true } else { false } })
        #expect(events.finished.first?.state == .success)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }

    @Test("a dispatch never acknowledged is reported failed once the timeout has passed")
    func neverAcknowledged() async throws {
        let loop = MessageLoop(name: "exec-unacknowledged")
        var configuration = Self.fastBeats
        configuration.unacknowledgedDispatchTimeout = .milliseconds(600)
        let (executor, endpoint, events) = try await Kit.startExecutor(loop: loop, configuration: configuration)
        let worker = try await FakeDealerWorker.join(endpoint, loop: loop, id: "w1", capacity: 1)
        let submittedAt = ContinuousClock.now
        await executor.submit([Kit.work("vanished")])
        #expect(await Kit.eventually { worker.holding.count == 1 })
        // Heartbeats that never list it, until it is failed.
        let deadline = ContinuousClock.now + .seconds(20)
        while events.finished.isEmpty && ContinuousClock.now < deadline {
            try await worker.heartbeat(running: [])
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(ContinuousClock.now - submittedAt >= .milliseconds(600), "failed before the timeout")
        #expect(events.finished.first?.errorMessage
            == "worker w1 never started this try: not in its heartbeats 0.6 seconds after the dispatch")
        #expect(await executor.runningKeys().isEmpty)
        await worker.close()
        await executor.shutdown(drainTimeout: .zero)
        await loop.shutdown()
    }
}
