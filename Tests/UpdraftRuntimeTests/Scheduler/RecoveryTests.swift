import Foundation
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
@testable import UpdraftRuntime

@Suite("Scheduler recovery after a restart", .timeLimit(.minutes(1)))
struct RecoveryTests {
    @Test("after the grace period: a key a worker reports stays running, an unreported running one is retried, a queued one goes again as its next try (its possible worker is gone)")
    func recovery() async throws {
        let dag = bashDag("recover", [("adopted", "sleep 5"), ("lost", "sleep 5"), ("waiting", "true")],
                          options: ["lost": opts { $0.retries = 1; $0.retryDelay = TimeSpan(seconds: 0) }])
        let runId = "manual__2026-11-30T08:00:00+00:00"
        let logical = Date(timeIntervalSince1970: 1_795_939_200)
        let store = FakeStore()
        func ti(_ task: String, _ state: TaskInstanceState, maxTries: Int = 1) -> TaskInstanceRecord {
            var r = TaskInstanceRecord(id: TaskInstanceID(dagId: "recover", runId: runId, taskId: task), state: state,
                                       tryNumber: 1, maxTries: maxTries)
            r.queuedAt = logical
            if state == .running { r.startDate = logical; r.workerId = "w-old" }
            return r
        }
        store.seed(
            run: DagRunRecord(dagId: "recover", runId: runId, logicalDate: logical, dataIntervalStart: logical,
                              dataIntervalEnd: logical, state: .running, runType: .manual, queuedAt: logical, startDate: logical),
            instances: [ti("adopted", .running), ti("lost", .running, maxTries: 2), ti("waiting", .queued)])
        let h = try await SchedulerHarness.make([dag], store: store) { $0.recoveryGrace = .milliseconds(300) }
        await h.executor.setRunning([WireTaskInstanceKey.make(TaskInstanceID(dagId: "recover", runId: runId, taskId: "adopted"), tryNumber: 1)])

        // Two submissions after the grace: `waiting` as try 2 (w-old, which may have started
        // it, never came back; not charged to its retries), `lost` as try 2.
        await h.executor.waitForSubmitted(2)
        let submitted = await h.executor.submitted.map(\.dispatch)
        let waiting = try #require(submitted.first { $0.key.taskID == "waiting" })
        #expect(waiting.key.tryNumber == 2)
        #expect(store.instance(TaskInstanceID(dagId: "recover", runId: runId, taskId: "waiting"))?.maxTries == 2)
        let lost = try #require(submitted.first { $0.key.taskID == "lost" })
        #expect(lost.key.tryNumber == 2)
        #expect(!submitted.contains { $0.key.taskID == "adopted" })
        let adoptedRow = store.instance(TaskInstanceID(dagId: "recover", runId: runId, taskId: "adopted"))
        #expect(adoptedRow?.state == .running)

        // The adopted try's result still counts; the run completes.
        var adoptedKey = WireTaskDispatch()
        adoptedKey.key = WireTaskInstanceKey.make(TaskInstanceID(dagId: "recover", runId: runId, taskId: "adopted"), tryNumber: 1)
        h.executor.finish(adoptedKey)
        h.executor.run(waiting)
        h.executor.run(lost)
        #expect(try await h.scheduler.waitForRun(dagId: "recover", runId: runId) == .success)
        #expect(store.instance(TaskInstanceID(dagId: "recover", runId: runId, taskId: "lost"))?.tryNumber == 2)
        await h.stop()
    }

    @Test("a fan-out left waiting for pool slots (scheduled, try 0) is dispatched again after a restart, within the pool, and the run succeeds")
    func scheduledFanOutResumes() async throws {
        let fanOut = (1...12).map { ("f\($0)", "true") }
        var options: [String: TaskDefaults] = [:]
        for (id, _) in fanOut { options[id] = opts { $0.pool = "small"; $0.retries = 3 } }
        let dag = bashDag("fan", [("root", "true")] + fanOut, options: options)
        let runId = "manual__2026-11-30T08:00:00+00:00"
        let logical = Date(timeIntervalSince1970: 1_795_939_200)
        let store = FakeStore()
        try await store.setPool(PoolRecord(name: "small", slots: 3))
        func ti(_ task: String, _ state: TaskInstanceState, tryNumber: Int) -> TaskInstanceRecord {
            var r = TaskInstanceRecord(id: TaskInstanceID(dagId: "fan", runId: runId, taskId: task), state: state,
                                       tryNumber: tryNumber, maxTries: 4)
            r.pool = task == "root" ? "default_pool" : "small"
            if state == .success { r.startDate = logical; r.endDate = logical }
            return r
        }
        // What the store held when the scheduler died: the root done, every fan-out task ready
        // but waiting for one of the pool's 3 slots.
        store.seed(
            run: DagRunRecord(dagId: "fan", runId: runId, logicalDate: logical, dataIntervalStart: logical,
                              dataIntervalEnd: logical, state: .running, runType: .manual, queuedAt: logical, startDate: logical),
            instances: [ti("root", .success, tryNumber: 1)] + fanOut.map { ti($0.0, .scheduled, tryNumber: 0) })
        let h = try await SchedulerHarness.make([dag], store: store) { $0.recoveryGrace = .milliseconds(300) }
        var finished = 0
        var maxOut = 0
        while finished < fanOut.count {
            // Bounded (not `waitForSubmitted`, which waits forever): before the fix nothing came.
            let next = finished + 1
            try #require(await ExecutorTestKit.eventually(20) { await h.executor.submitted.count >= next },
                         "only \(finished) of \(fanOut.count) stranded fan-out tasks were dispatched after the restart")
            maxOut = max(maxOut, await h.executor.submitted.count - finished)
            let d = await h.executor.submitted[finished].dispatch
            #expect(d.key.tryNumber == 1)
            h.executor.run(d)
            finished += 1
        }
        #expect(maxOut <= 3)
        #expect(try await h.scheduler.waitForRun(dagId: "fan", runId: runId) == .success)
        for (task, _) in fanOut {
            let row = store.instance(TaskInstanceID(dagId: "fan", runId: runId, taskId: task))
            #expect(row?.state == .success && row?.tryNumber == 1, "\(task): \(String(describing: row?.state))")
        }
        await h.stop()
    }

    @Test("a running try no worker reports and with no retries left fails with 'lost during scheduler restart'")
    func lostWithoutRetries() async throws {
        let dag = bashDag("gone", [("t", "sleep 5")])
        let runId = "manual__2026-11-30T08:00:00+00:00"
        let logical = Date(timeIntervalSince1970: 1_795_939_200)
        let store = FakeStore()
        var row = TaskInstanceRecord(id: TaskInstanceID(dagId: "gone", runId: runId, taskId: "t"), state: .running, tryNumber: 1, maxTries: 1)
        row.startDate = logical
        store.seed(run: DagRunRecord(dagId: "gone", runId: runId, logicalDate: logical, dataIntervalStart: logical,
                                     dataIntervalEnd: logical, state: .running, runType: .manual, queuedAt: logical),
                   instances: [row])
        let h = try await SchedulerHarness.make([dag], store: store) { $0.recoveryGrace = .milliseconds(100) }
        #expect(try await h.scheduler.waitForRun(dagId: "gone", runId: runId) == .failed)
        let ti = store.instance(TaskInstanceID(dagId: "gone", runId: runId, taskId: "t"))
        #expect(ti?.state == .failed)
        #expect(ti?.errorMessage == "lost during scheduler restart: no worker reports it running")
        #expect(await h.executor.submitted.isEmpty)
        await h.stop()
    }
}

/// The grace after a restart ends when the workers the store lists have reported, not at its cap.
@Suite("Scheduler recovery: the grace waits for the stored workers", .timeLimit(.minutes(1)))
struct RecoveryGraceSchedulerTests {
    let runId = "manual__2026-11-30T08:00:00+00:00"
    let logical = Date(timeIntervalSince1970: 1_795_939_200)

    /// A run with `adopted` running on w1, `lost` running on w2 (retries 1), `waiting` queued;
    /// the store lists `workers` as connected (on host "h", pid 1, unless `records` are given).
    func seeded(workers: [String], records: [ConnectedWorkerRecord]? = nil) -> (FakeStore, Dag) {
        let dag = bashDag("grace", [("adopted", "sleep 5"), ("lost", "sleep 5"), ("waiting", "true")],
                          options: ["lost": opts { $0.retries = 1; $0.retryDelay = TimeSpan(seconds: 0) }])
        let store = FakeStore()
        func ti(_ task: String, _ state: TaskInstanceState, worker: String? = nil, maxTries: Int = 1) -> TaskInstanceRecord {
            var r = TaskInstanceRecord(id: id(task), state: state, tryNumber: 1, maxTries: maxTries)
            r.queuedAt = logical
            if state == .running { r.startDate = logical; r.workerId = worker }
            return r
        }
        store.seed(
            run: DagRunRecord(dagId: "grace", runId: runId, logicalDate: logical, dataIntervalStart: logical,
                              dataIntervalEnd: logical, state: .running, runType: .manual, queuedAt: logical, startDate: logical),
            instances: [ti("adopted", .running, worker: "w1"), ti("lost", .running, worker: "w2", maxTries: 2), ti("waiting", .queued)])
        store.seedWorkers(records ?? workers.map { ConnectedWorkerRecord(workerId: $0, hostname: "h", pid: 1, joinedAt: logical) })
        return (store, dag)
    }

    func id(_ task: String) -> TaskInstanceID { TaskInstanceID(dagId: "grace", runId: runId, taskId: task) }
    func key(_ task: String) -> WireTaskInstanceKey { WireTaskInstanceKey.make(id(task), tryNumber: 1) }

    @Test("every stored worker reports: recovery ends long before the 60 s cap; queued re-submitted, unreported running retried")
    func endsWhenAllReported() async throws {
        let (store, dag) = seeded(workers: ["w1", "w2", "w3"])
        let h = try await SchedulerHarness.make([dag], store: store) { $0.recoveryGrace = .seconds(60) }
        await h.executor.setRunning([key("adopted")])
        h.executor.emit(.workerReported(workerId: "w1", running: [key("adopted")]))
        // w2 came back without `lost`: it is failed and retried at once, before w3 reports.
        h.executor.emit(.workerReported(workerId: "w2", running: []))
        try #require(await ExecutorTestKit.eventually(30) { await h.executor.dispatch(of: "lost") != nil },
                     "the running try w2 no longer runs was not retried after w2 reported")
        #expect(await h.executor.dispatch(of: "lost")?.key.tryNumber == 2)
        // `waiting` (queued: it may sit on w3) waits for w3.
        try await Task.sleep(for: .milliseconds(300))
        #expect(await h.executor.dispatch(of: "waiting") == nil, "a queued try was re-submitted before every stored worker reported")
        h.executor.emit(.workerReported(workerId: "w3", running: []))
        try #require(await ExecutorTestKit.eventually(30) { await h.executor.dispatch(of: "waiting") != nil },
                     "the queued try was not re-submitted after every stored worker reported")
        #expect(await h.executor.dispatch(of: "waiting")?.key.tryNumber == 1)
        #expect(await h.executor.dispatch(of: "adopted") == nil)
        #expect(store.instance(id("lost"))?.tryNumber == 2)
        #expect(store.workerIds == ["w1", "w2", "w3"])
        await h.stop()
    }

    @Test("a stored worker that never reports: the grace runs to its cap, then the worker leaves the store")
    func capThenPrune() async throws {
        let (store, dag) = seeded(workers: ["w1", "w2"])
        let h = try await SchedulerHarness.make([dag], store: store) { $0.recoveryGrace = .milliseconds(700) }
        await h.executor.setRunning([key("adopted")])
        h.executor.emit(.workerReported(workerId: "w1", running: [key("adopted")]))
        try await Task.sleep(for: .milliseconds(200))
        #expect(await h.executor.submitted.isEmpty, "something was re-submitted while w2 was still awaited")
        try #require(await ExecutorTestKit.eventually(30) { await h.executor.submitted.count >= 2 })
        #expect(await h.executor.dispatch(of: "lost")?.key.tryNumber == 2, "the try of the worker that never came back is retried")
        // The queued try may have started on w2: it goes again as try 2, not charged.
        #expect(await h.executor.dispatch(of: "waiting")?.key.tryNumber == 2)
        #expect(store.instance(id("waiting"))?.maxTries == 2)
        try #require(await ExecutorTestKit.eventually(30) { store.workerIds == ["w1"] },
                     "w2 is still listed: \(store.workerIds)")
        await h.stop()
    }

    @Test("a queued try's result that arrives before its worker's report is applied, and the try is not run again")
    func lateResultApplied() async throws {
        let (store, dag) = seeded(workers: ["w1", "w2"])
        let h = try await SchedulerHarness.make([dag], store: store) { $0.recoveryGrace = .seconds(60) }
        await h.executor.setRunning([key("adopted")])
        // w1 ran `waiting` to its end while no scheduler listened; it sends the result again
        // after re-registering, before its first heartbeat (the report).
        var result = WireTaskFinished()
        result.key = key("waiting")
        result.state = .success
        result.endedAtUnixUs = Int64(logical.timeIntervalSince1970 * 1_000_000) + 1_000_000
        h.executor.emit(.finished(result))
        h.executor.emit(.workerReported(workerId: "w1", running: [key("adopted")]))
        h.executor.emit(.workerReported(workerId: "w2", running: []))
        try #require(await ExecutorTestKit.eventually(30) { await h.executor.dispatch(of: "lost") != nil })
        try #require(await ExecutorTestKit.eventually(30) { store.instance(id("waiting"))?.state == .success },
                     "the late result was not applied: \(String(describing: store.instance(id("waiting"))?.state))")
        try await Task.sleep(for: .milliseconds(300))
        #expect(await h.executor.dispatch(of: "waiting") == nil, "a try whose result was in was dispatched again")
        #expect(store.instance(id("waiting"))?.tryNumber == 1)
        await h.stop()
    }

    @Test("a stored worker of this host whose process is gone is not awaited: recovery goes on at once")
    func deadLocalWorkerNotAwaited() async throws {
        // A pid that was alive and is gone: a child that ran and was reaped (waited for off
        // the cooperative pool).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            ended.terminationHandler = { _ in continuation.resume() }
            do { try ended.run() } catch { continuation.resume(throwing: error) }
        }
        let logical = self.logical
        let records = [
            ConnectedWorkerRecord(workerId: "w1", hostname: "h", pid: 1, joinedAt: logical),
            ConnectedWorkerRecord(workerId: "w2", hostname: HostIdentity.hostname, pid: Int(ended.processIdentifier), joinedAt: logical),
        ]
        let (store, dag) = seeded(workers: [], records: records)
        let h = try await SchedulerHarness.make([dag], store: store) { $0.recoveryGrace = .seconds(60) }
        await h.executor.setRunning([key("adopted")])
        h.executor.emit(.workerReported(workerId: "w1", running: [key("adopted")]))
        try #require(await ExecutorTestKit.eventually(30) { await h.executor.submitted.count >= 2 },
                     "recovery still waits for a worker whose process ended")
        #expect(await h.executor.dispatch(of: "lost")?.key.tryNumber == 2)
        #expect(await h.executor.dispatch(of: "waiting")?.key.tryNumber == 2)
        try #require(await ExecutorTestKit.eventually(30) { store.workerIds == ["w1"] }, "w2 is still listed: \(store.workerIds)")
        await h.stop()
    }

    @Test("joins are stored and then confirmed to the executor; departures leave the store")
    func joinsAndLeaves() async throws {
        let (store, dag) = seeded(workers: [])
        let h = try await SchedulerHarness.make([dag], store: store)
        var hello = WireWorkerHello()
        hello.workerID = "fresh"
        hello.hostname = "box"
        hello.pid = 77
        h.executor.emit(.workerJoined(hello))
        try #require(await ExecutorTestKit.eventually(30) { await h.executor.confirmed == ["fresh"] })
        #expect(store.workerIds == ["fresh"], "confirmed before the join was stored")
        h.executor.emit(.workerLeft(workerId: "fresh", reason: "goodbye"))
        try #require(await ExecutorTestKit.eventually(30) { store.workerIds.isEmpty })
        await h.stop()
    }
}
