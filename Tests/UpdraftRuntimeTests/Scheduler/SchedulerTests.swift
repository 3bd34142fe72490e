import Foundation
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
@testable import UpdraftRuntime

func opts(_ set: (inout TaskDefaults) -> Void) -> TaskDefaults {
    var d = TaskDefaults()
    set(&d)
    return d
}

@Suite("Scheduler with a fake executor", .timeLimit(.minutes(1)))
struct SchedulerTests {
    @Test("a chain passes an XCom value into the next task's rendered command, and the run succeeds")
    func chainXCom() async throws {
        let dag = bashDag("chain", [("a", "echo 42"), ("b", "echo got {{ ti.xcom_pull(task_ids='a') }}"), ("c", "echo done")],
                          edges: [("a", "b"), ("b", "c")])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("chain")
        let a = await h.submitted(0)
        #expect(a.key.taskID == "a")
        #expect(a.key.tryNumber == 1)
        #expect(a.command == "echo 42")
        h.executor.run(a, xcom: "42")
        let b = await h.submitted(1)
        #expect(b.key.taskID == "b")
        #expect(b.command == "echo got 42")
        #expect(b.xcomInputs.map(\.taskID) == ["a"])
        #expect(String(decoding: b.xcomInputs.first?.json ?? Data(), as: UTF8.self) == "42")
        #expect(String(decoding: b.paramsJson, as: UTF8.self) == "{}")
        h.executor.run(b)
        let c = await h.submitted(2)
        h.executor.run(c)
        let state = try await h.scheduler.waitForRun(dagId: "chain", runId: run.runId)
        #expect(state == .success)
        #expect(h.store.run("chain", run.runId)?.state == .success)
        #expect(h.store.instance(TaskInstanceID(dagId: "chain", runId: run.runId, taskId: "b"))?.state == .success)
        #expect(h.store.allXComs.contains { $0.id.taskId == "a" && $0.value == .int(42) })
        await h.stop()
    }

    @Test("a task's success is committed before its downstream is submitted")
    func commitBeforeSubmit() async throws {
        let dag = bashDag("order", [("a", "true"), ("b", "true")], edges: [("a", "b")])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("order")
        let a = await h.submitted(0)
        h.executor.run(a)
        _ = await h.submitted(1)
        let aId = TaskInstanceID(dagId: "order", runId: run.runId, taskId: "a")
        let bId = TaskInstanceID(dagId: "order", runId: run.runId, taskId: "b")
        let entries = h.log.all
        let committedA = entries.firstIndex { if case .commit(let m) = $0 { return m[aId] == .success }; return false }
        let committedBQueued = entries.firstIndex { if case .commit(let m) = $0 { return m[bId] == .queued }; return false }
        let submittedB = entries.firstIndex { if case .submit(let ids) = $0 { return ids.contains(bId) }; return false }
        #expect(committedA != nil && submittedB != nil && committedBQueued != nil)
        if let committedA, let submittedB, let committedBQueued {
            #expect(committedA < submittedB)
            #expect(committedBQueued < submittedB)
        }
        await h.stop()
    }

    @Test("a failed try goes up_for_retry, is submitted again as try 2, and the run succeeds")
    func retryThenSuccess() async throws {
        let dag = bashDag("flaky", [("t", "exit 1")], options: ["t": opts { $0.retries = 2; $0.retryDelay = TimeSpan(seconds: 0) }])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("flaky")
        let first = await h.submitted(0)
        #expect(first.key.tryNumber == 1)
        h.executor.run(first, state: .failed, error: "exit code 1")
        let second = await h.submitted(1)
        #expect(second.key.taskID == "t")
        #expect(second.key.tryNumber == 2)
        h.executor.run(second)
        #expect(try await h.scheduler.waitForRun(dagId: "flaky", runId: run.runId) == .success)
        let ti = h.store.instance(TaskInstanceID(dagId: "flaky", runId: run.runId, taskId: "t"))
        #expect(ti?.state == .success)
        #expect(ti?.tryNumber == 2)
        await h.stop()
    }

    @Test("retries exhausted: the task fails, its downstream is upstream_failed, the run fails")
    func retriesExhausted() async throws {
        let dag = bashDag("doomed", [("t", "exit 1"), ("after", "true")], edges: [("t", "after")])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("doomed")
        h.executor.run(await h.submitted(0), state: .failed, error: "exit code 1")
        #expect(try await h.scheduler.waitForRun(dagId: "doomed", runId: run.runId) == .failed)
        #expect(h.store.instance(TaskInstanceID(dagId: "doomed", runId: run.runId, taskId: "t"))?.errorMessage == "exit code 1")
        #expect(h.store.instance(TaskInstanceID(dagId: "doomed", runId: run.runId, taskId: "after"))?.state == .upstreamFailed)
        await h.stop()
    }

    @Test("a branch runs only the chosen downstream; the other is skipped")
    func branch() async throws {
        let dag = bashDag("branchy", [("pick", "echo left"), ("left", "true"), ("right", "true")],
                          edges: [("pick", "left"), ("pick", "right")],
                          kinds: ["pick": .branch(BashCommand(command: "echo left"))])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("branchy")
        let pick = await h.submitted(0)
        #expect(pick.kind == .branch)
        h.executor.run(pick, chosen: ["left"])
        let left = await h.submitted(1)
        #expect(left.key.taskID == "left")
        h.executor.run(left)
        #expect(try await h.scheduler.waitForRun(dagId: "branchy", runId: run.runId) == .success)
        #expect(h.store.instance(TaskInstanceID(dagId: "branchy", runId: run.runId, taskId: "right"))?.state == .skipped)
        #expect(await h.executor.submitted.count == 2)
        await h.stop()
    }

    @Test("a task mapped over an upstream list gets one instance per item")
    func mappedExpansion() async throws {
        let dag = bashDag("mapped", [("list", "echo '[1,2,3]'"), ("each", "echo {{ item }}")], edges: [("list", "each")],
                          expand: ["each": .xcom(taskId: "list", key: nil)])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("mapped")
        h.executor.run(await h.submitted(0), xcom: "[\"x\",\"y\",\"z\"]")
        await h.executor.waitForSubmitted(4)
        let mapped = await h.executor.submitted.dropFirst().map(\.dispatch)
        #expect(Set(mapped.map(\.key.mapIndex)) == [0, 1, 2])
        #expect(Set(mapped.map(\.command)) == ["echo x", "echo y", "echo z"])
        #expect(Set(mapped.map { String(decoding: $0.mapItemJson, as: UTF8.self) }) == ["\"x\"", "\"y\"", "\"z\""])
        for d in mapped { h.executor.run(d) }
        #expect(try await h.scheduler.waitForRun(dagId: "mapped", runId: run.runId) == .success)
        await h.stop()
    }

    @Test("mapping over a value that is not a list fails the mapped task with a clear error")
    func mappedOverNonList() async throws {
        let dag = bashDag("badmap", [("list", "echo 5"), ("each", "echo {{ item }}")], edges: [("list", "each")],
                          expand: ["each": .xcom(taskId: "list", key: nil)])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("badmap")
        h.executor.run(await h.submitted(0), xcom: "5")
        #expect(try await h.scheduler.waitForRun(dagId: "badmap", runId: run.runId) == .failed)
        let each = h.store.allInstances.filter { $0.id.taskId == "each" }
        #expect(!each.isEmpty)
        #expect(each.allSatisfy { $0.state == .failed })
        #expect(each.first?.errorMessage?.contains("expected a JSON list, got 5") == true)
        await h.stop()
    }

    @Test("tasks in a pool of 2 slots never have more than 2 tries out at once")
    func poolSlots() async throws {
        let tasks = (1...6).map { ("t\($0)", "true") }
        var options: [String: TaskDefaults] = [:]
        for (id, _) in tasks { options[id] = opts { $0.pool = "small" } }
        let dag = bashDag("pooled", tasks, options: options)
        let store = FakeStore()
        try await store.setPool(PoolRecord(name: "small", slots: 2))
        let h = try await SchedulerHarness.make([dag], store: store)
        let run = try await h.trigger("pooled")
        var finished = 0
        var maxOut = 0
        while finished < 6 {
            let d = await h.submitted(finished)
            let out = await h.executor.submitted.count - finished
            maxOut = max(maxOut, out)
            h.executor.run(d)
            finished += 1
            if finished < 6 { await h.executor.waitForSubmitted(min(6, finished + 1)) }
        }
        #expect(maxOut <= 2)
        #expect(try await h.scheduler.waitForRun(dagId: "pooled", runId: run.runId) == .success)
        await h.stop()
    }

    @Test("every task-instance and run state change is published after its commit, numbered")
    func eventsPublished() async throws {
        let dag = bashDag("evented", [("a", "true")])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("evented")
        h.executor.run(await h.submitted(0))
        #expect(try await h.scheduler.waitForRun(dagId: "evented", runId: run.runId) == .success)
        var seen: [WireStateChangeEvent] = []
        for await e in h.published {
            seen.append(e)
            if e.entity == .dagRun, e.newRunState == .success { break }
        }
        let taskStates = seen.filter { $0.entity == .taskInstance && $0.taskID == "a" }.map(\.newTaskState)
        #expect(taskStates.contains(.queued))
        #expect(taskStates.contains(.running))
        #expect(taskStates.last == .success)
        let runStates = seen.filter { $0.entity == .dagRun }.map(\.newRunState)
        #expect(runStates == [.running, .success])
        let sequences = seen.map(\.sequence)
        #expect(sequences == Array(sequences.sorted()) && Set(sequences).count == sequences.count)
        #expect(seen.allSatisfy { $0.dagID == "evented" && $0.runID == run.runId })
        await h.stop()
    }

    @Test("empty tasks complete in the scheduler without a worker")
    func emptyTasks() async throws {
        let dag = bashDag("joins", [("start", ""), ("work", "true"), ("end", "")], edges: [("start", "work"), ("work", "end")],
                          kinds: ["start": .empty, "end": .empty])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("joins")
        let work = await h.submitted(0)
        #expect(work.key.taskID == "work")
        h.executor.run(work)
        #expect(try await h.scheduler.waitForRun(dagId: "joins", runId: run.runId) == .success)
        #expect(await h.executor.submitted.count == 1)
        await h.stop()
    }

    @Test("a template error fails the try with the message naming the task")
    func renderError() async throws {
        let dag = bashDag("broken", [("t", "echo {{ var.missing }}")])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("broken")
        #expect(try await h.scheduler.waitForRun(dagId: "broken", runId: run.runId) == .failed)
        let ti = h.store.instance(TaskInstanceID(dagId: "broken", runId: run.runId, taskId: "t"))
        #expect(ti?.state == .failed)
        #expect(ti?.errorMessage?.contains("template error") == true)
        #expect(await h.executor.submitted.isEmpty)
        await h.stop()
    }

    @Test("a sensor task runs in the scheduler, never on a worker; its timeout fails it without retries")
    func sensorFails() async throws {
        let dag = bashDag("sensing", [("wait", ""), ("after", "true")], edges: [("wait", "after")],
                          options: ["wait": opts { $0.retries = 3 }],
                          kinds: ["wait": .sensor(SensorSpec(kind: .file(path: "/tmp/nothing-\(UUID().uuidString)"),
                                                             pokeInterval: TimeSpan(seconds: 1), timeout: TimeSpan(seconds: 1)))])
        let h = try await SchedulerHarness.make([dag])
        let run = try await h.trigger("sensing")
        #expect(try await h.scheduler.waitForRun(dagId: "sensing", runId: run.runId) == .failed)
        let ti = h.store.instance(TaskInstanceID(dagId: "sensing", runId: run.runId, taskId: "wait"))
        #expect(ti?.state == .failed)
        #expect(ti?.tryNumber == 1)
        #expect(ti?.errorMessage?.contains("sensor timed out") == true)
        #expect(await h.executor.submitted.isEmpty)
        await h.stop()
    }

    @Test("a try that succeeds without output gets no log file; a silent failure gets header and footer")
    func silentTries() async throws {
        let h = try await SchedulerHarness.make([bashDag("quiet", [("ok", "true"), ("bad", "false")])])
        let run = try await h.trigger("quiet")
        await h.executor.waitForSubmitted(2)
        for work in await h.executor.submitted {
            let d = work.dispatch
            h.executor.run(d, state: d.key.taskID == "ok" ? .success : .failed, error: d.key.taskID == "ok" ? "" : "exit code 1")
        }
        #expect(try await h.scheduler.waitForRun(dagId: "quiet", runId: run.runId) == .failed)
        await h.scheduler.flushLogs()
        let ok = h.home.logFile(for: TaskInstanceID(dagId: "quiet", runId: run.runId, taskId: "ok"), tryNumber: 1)
        let bad = h.home.logFile(for: TaskInstanceID(dagId: "quiet", runId: run.runId, taskId: "bad"), tryNumber: 1)
        #expect(!FileManager.default.fileExists(atPath: ok.path))
        let text = try String(contentsOf: bad, encoding: .utf8)
        #expect(text.contains("try 1 started"))
        #expect(text.contains("ended: failed"))
        #expect(text.contains("exit code 1"))
        await h.stop()
    }

    @Test("max_active_runs = 1: a second run waits in queued until the first ends")
    func maxActiveRuns() async throws {
        var dag = bashDag("one_at_a_time", [("t", "true")])
        dag.maxActiveRuns = 1
        let h = try await SchedulerHarness.make([dag])
        let first = try await h.scheduler.trigger(dagId: "one_at_a_time", logicalDate: Date(timeIntervalSince1970: 1_790_000_000))
        let second = try await h.scheduler.trigger(dagId: "one_at_a_time", logicalDate: Date(timeIntervalSince1970: 1_790_086_400))
        let d1 = await h.submitted(0)
        #expect(d1.key.runID == first.runId)
        #expect(await h.scheduler.activeRun(dagId: "one_at_a_time", runId: second.runId)?.state == .queued)
        h.executor.run(d1)
        let d2 = await h.submitted(1)
        #expect(d2.key.runID == second.runId)
        h.executor.run(d2)
        #expect(try await h.scheduler.waitForRun(dagId: "one_at_a_time", runId: second.runId) == .success)
        #expect(h.store.run("one_at_a_time", first.runId)?.state == .success)
        await h.stop()
    }

    @Test("a task cleared from the CLI after its run ended runs again as try 2, and the run ends again")
    func clearedTaskRunsAgain() async throws {
        let h = try await SchedulerHarness.make([bashDag("cleared", [("a", "true"), ("b", "true")], edges: [("a", "b")])])
        let run = try await h.trigger("cleared")
        h.executor.run(await h.submitted(0))
        h.executor.run(await h.submitted(1))
        #expect(try await h.scheduler.waitForRun(dagId: "cleared", runId: run.runId) == .success)
        #expect(try await h.store.clearTaskInstances(dagId: "cleared", runId: run.runId, taskIds: ["b"]) == 1)
        let again = await h.submitted(2)
        #expect(again.key.taskID == "b")
        #expect(again.key.tryNumber == 2)
        h.executor.run(again)
        // The run went back to queued, then running, then success.
        while h.store.run("cleared", run.runId)?.state != .success || h.store.instance(TaskInstanceID(dagId: "cleared", runId: run.runId, taskId: "b"))?.tryNumber != 2 {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(h.store.instance(TaskInstanceID(dagId: "cleared", runId: run.runId, taskId: "b"))?.state == .success)
        await h.stop()
    }

    @Test("a triggered run of a paused DAG waits in queued; unpausing starts it")
    func pausedDag() async throws {
        let h = try await SchedulerHarness.make([bashDag("sleepy", [("t", "true")])])
        try await h.store.setPaused(dagId: "sleepy", true)
        try await Task.sleep(for: .milliseconds(100))  // the scheduler reads the change token every 20 ms here
        let run = try await h.trigger("sleepy")
        try await Task.sleep(for: .milliseconds(200))
        #expect(await h.executor.submitted.isEmpty)
        #expect(h.store.run("sleepy", run.runId)?.state == .queued)
        try await h.store.setPaused(dagId: "sleepy", false)
        h.executor.run(await h.submitted(0))
        #expect(try await h.scheduler.waitForRun(dagId: "sleepy", runId: run.runId) == .success)
        await h.stop()
    }

    @Test("trigger of an unknown DAG is an error naming it")
    func unknownDag() async throws {
        let h = try await SchedulerHarness.make([bashDag("known", [("a", "true")])])
        let error = await #expect(throws: SchedulerError.self) { _ = try await h.trigger("nope") }
        #expect(error?.description.contains("'nope'") == true)
        await h.stop()
    }

    @Test("log chunks and the scheduler's header and footer go to the try's log file")
    func taskLogs() async throws {
        let h = try await SchedulerHarness.make([bashDag("logged", [("a", "echo hi")])])
        let run = try await h.trigger("logged")
        let a = await h.submitted(0)
        h.executor.start(a)
        h.executor.log(a, "hello from the task\n")
        h.executor.finish(a)
        #expect(try await h.scheduler.waitForRun(dagId: "logged", runId: run.runId) == .success)
        await h.scheduler.flushLogs()
        let file = h.home.logFile(for: TaskInstanceID(dagId: "logged", runId: run.runId, taskId: "a"), tryNumber: 1)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("try 1 started"))
        #expect(text.contains("worker w1"))
        #expect(text.contains("hello from the task"))
        #expect(text.contains("ended: success"))
        await h.stop()
    }
}
