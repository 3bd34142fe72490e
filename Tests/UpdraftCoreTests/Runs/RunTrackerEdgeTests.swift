import Foundation
import Testing
@testable import UpdraftCore

@Suite("Run planner: edge cases of the event API")
struct RunTrackerEdgeTests {
    typealias F = RunFixtures

    @Test("a tracker built from a shared RunPlan decides exactly as one built from the DAG")
    func sharedPlan() {
        let tasks = [F.task("a") { $0.priorityWeight = 2 }, F.task("b"), F.task("c", ["a", "b"]), F.task("d", ["c"], rule: .allDone)]
        let plan = RunPlan(F.dag(tasks))
        var fromPlan = RunTracker(plan: plan, runId: "r", instances: [])
        var fromDag = F.tracker(tasks)
        #expect(fromPlan.evaluate(now: F.t0) == fromDag.evaluate(now: F.t0))
        #expect(fromPlan.complete("a", .failed) == fromDag.complete("a", .failed))
        #expect(fromPlan.complete("b") == fromDag.complete("b"))
        #expect(fromPlan.instances == fromDag.instances)
        #expect(fromPlan.dagId == "d")
    }

    @Test("setState up_for_retry is due at once; the next evaluate schedules it")
    func manualRetry() {
        var run = F.tracker([F.task("a")])
        _ = run.evaluate(now: F.t0)
        _ = run.complete("a", .failed)
        let d = run.setState(F.id("a"), .upForRetry, now: F.t0 + 5)
        #expect(d.nextWakeup == F.t0 + 5)
        #expect(d.runState == .running)
        #expect(run.evaluate(now: F.t0 + 5).toSchedule == [F.id("a")])
    }

    @Test("a sensor's up_for_reschedule is recorded without touching the downstream")
    func reschedule() {
        var run = F.tracker([F.task("wait"), F.task("after", ["wait"])])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("wait", .upForReschedule)
        #expect(run.state("wait") == .upForReschedule)
        #expect(d.toSchedule.isEmpty && d.runState == nil)
        #expect(run.finished(F.id("wait"), state: .success, now: F.t0).toSchedule == [F.id("after")])
    }

    @Test("markQueued and started leave finished instances alone (late messages)")
    func lateMessages() {
        var run = F.tracker([F.task("a")])
        _ = run.evaluate(now: F.t0)
        _ = run.setState(F.id("a"), .failed, now: F.t0)
        run.markQueued([F.id("a")])
        run.started(F.id("a"), tryNumber: 7, at: F.t0)
        #expect(run.state("a") == .failed)
        #expect(run.instance(F.id("a"))?.tryNumber == 0)
    }

    @Test("a mapped task downstream of a branch not taken is skipped without expanding")
    func mappedBehindBranch() {
        var run = F.tracker([
            F.task("pick", kind: F.branchKind), F.task("list", ["pick"]), F.task("other", ["pick"]),
            F.task("work", ["list"], expand: .xcom(taskId: "list", key: nil)),
        ])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("pick", chosen: ["other"])
        #expect(run.stateTable == ["pick": .success, "list": .skipped, "other": .scheduled, "work": .skipped])
        #expect(d.toSchedule == [F.id("other")])
    }

    @Test("clear names unknown instances and skips in-flight ones")
    func clearProblems() {
        var run = F.tracker([F.task("a"), F.task("b")])
        _ = run.evaluate(now: F.t0)
        run.markQueued([F.id("a")])
        let d = run.clear([F.id("a"), F.id("zz")], now: F.t0)
        #expect(d.problems.count == 1 && d.problems[0].contains("d/r/zz"))
        #expect(run.state("a") == .queued)
    }
}
