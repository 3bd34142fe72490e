import Foundation
import Testing
import UpdraftCore
import UpdraftProtocol
import UpdraftStore
@testable import UpdraftRuntime

@Suite("external_task sensors in the scheduler", .timeLimit(.minutes(1)))
struct ExternalTaskSensorTests {
    @Test("the downstream DAG waits up_for_reschedule without a worker, then succeeds right after the upstream task")
    func waitsThenSucceeds() async throws {
        let h = try await SchedulerHarness.make(linkedDags())
        let down = try await h.trigger("down")
        #expect(await sensorEventually { h.row("down", down.runId, "wait")?.state == .upForReschedule })
        let waiting = try #require(h.row("down", down.runId, "wait"))
        #expect(waiting.tryNumber == 1)
        #expect(waiting.nextTryAt != nil)  // its timeout: an external sensor reacts to events
        #expect(await h.executor.submitted.isEmpty)  // no worker, no slot

        let up = try await h.trigger("up")
        let a = await h.submitted(0)
        #expect(a.key.taskID == "a")
        h.executor.run(a)
        let b = await h.submitted(1)
        #expect(b.key.dagID == "down" && b.key.taskID == "b")
        #expect(h.row("down", down.runId, "wait")?.state == .success)
        #expect(try await h.scheduler.waitForRun(dagId: "up", runId: up.runId) == .success)
        h.executor.run(b)
        #expect(try await h.scheduler.waitForRun(dagId: "down", runId: down.runId) == .success)
        #expect(await h.executor.submitted.allSatisfy { $0.dispatch.key.taskID != "wait" })
        await h.stop()
    }

    @Test("an upstream that already succeeded is found in the store: the sensor succeeds at once")
    func alreadyDone() async throws {
        let h = try await SchedulerHarness.make(linkedDags())
        let up = try await h.trigger("up")
        h.executor.run(await h.submitted(0))
        #expect(try await h.scheduler.waitForRun(dagId: "up", runId: up.runId) == .success)
        let down = try await h.trigger("down")
        let b = await h.submitted(1)
        #expect(b.key.taskID == "b")
        #expect(h.row("down", down.runId, "wait")?.state == .success)
        await h.stop()
    }

    @Test("the upstream task fails: the sensor fails at once (failed_states), and its downstream is upstream_failed")
    func upstreamFails() async throws {
        let h = try await SchedulerHarness.make(linkedDags { spec, target in
            spec.timeout = TimeSpan(seconds: 3600)
            target.failedStates = [.failed, .upstreamFailed]
        })
        let down = try await h.trigger("down")
        #expect(await sensorEventually { h.row("down", down.runId, "wait")?.state == .upForReschedule })
        _ = try await h.trigger("up")
        h.executor.run(await h.submitted(0), state: .failed, error: "boom")
        #expect(try await h.scheduler.waitForRun(dagId: "down", runId: down.runId) == .failed)
        let wait = try #require(h.row("down", down.runId, "wait"))
        #expect(wait.state == .failed)
        #expect(wait.errorMessage?.contains("task 'a' is failed (one of failed_states)") == true)
        #expect(h.row("down", down.runId, "b")?.state == .upstreamFailed)
        await h.stop()
    }

    @Test("with soft_fail a failed upstream skips the sensor, and its downstream is skipped")
    func softFailSkips() async throws {
        let h = try await SchedulerHarness.make(linkedDags { spec, target in
            spec.softFail = true
            target.failedStates = [.failed]
        })
        let down = try await h.trigger("down")
        #expect(await sensorEventually { h.row("down", down.runId, "wait")?.state == .upForReschedule })
        _ = try await h.trigger("up")
        h.executor.run(await h.submitted(0), state: .failed)
        #expect(try await h.scheduler.waitForRun(dagId: "down", runId: down.runId) == .success)
        #expect(h.row("down", down.runId, "wait")?.state == .skipped)
        #expect(h.row("down", down.runId, "b")?.state == .skipped)
        await h.stop()
    }

    @Test("the sensor times out when the upstream never runs: failed without retry, with a message")
    func timesOut() async throws {
        let h = try await SchedulerHarness.make(linkedDags { spec, _ in spec.timeout = TimeSpan(seconds: 1) })
        let down = try await h.trigger("down")
        #expect(try await h.scheduler.waitForRun(dagId: "down", runId: down.runId) == .failed)
        let wait = try #require(h.row("down", down.runId, "wait"))
        #expect(wait.state == .failed)
        #expect(wait.tryNumber == 1)
        #expect(wait.errorMessage?.contains("timed out") == true)
        await h.scheduler.flushLogs()
        let log = try String(contentsOf: h.home.logFile(for: wait.id, tryNumber: 1), encoding: .utf8)
        #expect(log.contains("sensor: sensor timed out"))
        await h.stop()
    }

    @Test("check_existence: a sensor naming an unknown DAG fails at once, naming it")
    func unknownDag() async throws {
        let dags = linkedDags { _, target in
            target.externalDagId = "no_such_dag"
            target.checkExistence = true
        }
        let h = try await SchedulerHarness.make(dags)
        let down = try await h.trigger("down")
        #expect(try await h.scheduler.waitForRun(dagId: "down", runId: down.runId) == .failed)
        let message = h.row("down", down.runId, "wait")?.errorMessage ?? ""
        #expect(message.contains("DAG 'no_such_dag' does not exist"))
        #expect(message.contains("check_existence"))
        await h.stop()
    }

    @Test("a scheduler restart while the sensor waits: the new scheduler resumes it and it succeeds")
    func restartWhileWaiting() async throws {
        let store = FakeStore()
        let first = try await SchedulerHarness.make(linkedDags(), store: store)
        let down = try await first.trigger("down")
        #expect(await sensorEventually { first.row("down", down.runId, "wait")?.state == .upForReschedule })
        await first.stop()
        #expect(store.instance(TaskInstanceID(dagId: "down", runId: down.runId, taskId: "wait"))?.state == .upForReschedule)

        let second = try await SchedulerHarness.make(linkedDags(), store: store)
        #expect(await sensorEventually { await second.scheduler.sensors.activeCount == 1 })
        let up = try await second.trigger("up")
        second.executor.run(await second.submitted(0))
        let b = await second.submitted(1)
        #expect(b.key.dagID == "down" && b.key.taskID == "b")
        #expect(try await second.scheduler.waitForRun(dagId: "up", runId: up.runId) == .success)
        let wait = try #require(second.row("down", down.runId, "wait"))
        #expect(wait.state == .success)
        #expect(wait.tryNumber == 1)  // the same try, resumed
        await second.stop()
    }

    @Test("500 waiting sensors hold no executor slot: ordinary tasks still run")
    func manyWaiting() async throws {
        var dags = [bashDag("work", [("t", "true")])]
        let spec = SensorSpec(kind: .externalTask(ExternalTaskTarget(externalDagId: "never", externalTaskIds: ["x"])))
        for i in 0..<500 { dags.append(sensorDag("s\(i)", spec)) }
        let h = try await SchedulerHarness.make(dags)
        for i in 0..<500 { _ = try await h.trigger("s\(i)") }
        #expect(await sensorEventually(30) { await h.scheduler.sensors.activeCount == 500 })
        let work = try await h.trigger("work")
        let t = await h.submitted(0)
        #expect(t.key.dagID == "work")
        h.executor.run(t)
        #expect(try await h.scheduler.waitForRun(dagId: "work", runId: work.runId) == .success)
        #expect(await h.executor.submitted.count == 1)
        #expect(h.store.allInstances.filter { $0.id.taskId == "wait" && $0.state == .upForReschedule }.count == 500)
        await h.stop()
    }
}
