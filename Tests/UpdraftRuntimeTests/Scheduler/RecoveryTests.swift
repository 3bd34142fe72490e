import Foundation
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
@testable import UpdraftRuntime

@Suite("Scheduler recovery after a restart", .timeLimit(.minutes(1)))
struct RecoveryTests {
    @Test("after the grace period: a key a worker reports stays running, an unreported running one is retried, a queued one is re-submitted with the same try")
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

        // Two submissions after the grace: `waiting` again as try 1, `lost` as try 2.
        await h.executor.waitForSubmitted(2)
        let submitted = await h.executor.submitted.map(\.dispatch)
        let waiting = try #require(submitted.first { $0.key.taskID == "waiting" })
        #expect(waiting.key.tryNumber == 1)
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
        #expect(ti?.errorMessage == "lost during scheduler restart")
        #expect(await h.executor.submitted.isEmpty)
        await h.stop()
    }
}
