import Foundation
import Testing
@testable import UpdraftCore

@Suite("Run planner: branch tasks skip the branches not chosen")
struct RunTrackerBranchTests {
    typealias F = RunFixtures

    /// pick -> (fast, full); fast -> after_fast; (after_fast, full) -> join; pick -> join too.
    static func tasks(join: TriggerRule) -> [TaskSpec] {
        [
            F.task("pick", kind: F.branchKind), F.task("fast", ["pick"]), F.task("full", ["pick"]),
            F.task("after_fast", ["fast"]), F.task("join", ["after_fast", "full", "pick"], rule: join),
        ]
    }

    @Test("the chosen branch runs, the other is skipped, the join (none_failed_min_one_success) runs")
    func chooseOne() {
        var run = F.tracker(Self.tasks(join: .noneFailedMinOneSuccess))
        _ = run.evaluate(now: F.t0)
        let d = run.complete("pick", chosen: ["fast"])
        #expect(d.toSchedule == [F.id("fast")])
        #expect(run.state("full") == .skipped)
        // join is a direct downstream of pick but also downstream of fast: not skipped (Airflow's special case).
        #expect(run.state("join") == TaskInstanceState.none)
        #expect(run.complete("fast").toSchedule == [F.id("after_fast")])
        let end = run.complete("after_fast")
        #expect(end.toSchedule == [F.id("join")])
        #expect(run.complete("join").runState == .success)
    }

    @Test("with an all_success join the skip cascades into the join; the run still succeeds")
    func skipCascades() {
        var run = F.tracker(Self.tasks(join: .allSuccess))
        _ = run.evaluate(now: F.t0)
        _ = run.complete("pick", chosen: ["fast"])
        _ = run.complete("fast")
        let d = run.complete("after_fast")
        #expect(run.state("join") == .skipped)
        #expect(d.runState == .success)
    }

    @Test("choosing nothing skips every direct downstream task")
    func chooseNothing() {
        var run = F.tracker(Self.tasks(join: .noneFailedMinOneSuccess))
        _ = run.evaluate(now: F.t0)
        let d = run.complete("pick", chosen: [])
        #expect(d.toSchedule.isEmpty)
        #expect(run.stateTable == ["pick": .success, "fast": .skipped, "full": .skipped, "after_fast": .skipped, "join": .skipped])
        #expect(d.runState == .success)
    }

    @Test("a task group id chooses the group's tasks")
    func chooseGroup() {
        let tasks = [F.task("pick", kind: F.branchKind), F.task("g.a", ["pick"]), F.task("g.b", ["pick"]), F.task("other", ["pick"])]
        var run = F.tracker(tasks, groups: [TaskGroup(groupId: "g", taskIds: ["g.a", "g.b"])])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("pick", chosen: ["g"])
        #expect(Set(d.toSchedule) == [F.id("g.a"), F.id("g.b")])
        #expect(run.state("other") == .skipped)
    }

    @Test("an unknown chosen id fails the branch task, naming the id, and its downstream is upstream_failed")
    func unknownChoice() {
        var run = F.tracker(Self.tasks(join: .noneFailedMinOneSuccess))
        _ = run.evaluate(now: F.t0)
        let d = run.complete("pick", chosen: ["fsat"])
        #expect(run.state("pick") == .failed)
        #expect(d.problems.count == 1)
        #expect(d.problems[0].contains("fsat") && d.problems[0].contains("fast, full, join") && d.problems[0].contains("d/r/pick"))
        #expect(run.state("fast") == .upstreamFailed)
        #expect(d.runState == .failed)
    }

    @Test("a non-branch task's chosen ids are ignored")
    func notABranch() {
        var run = F.tracker([F.task("a"), F.task("b", ["a"]), F.task("c", ["a"])])
        _ = run.evaluate(now: F.t0)
        #expect(Set(run.complete("a", chosen: ["b"]).toSchedule) == [F.id("b"), F.id("c")])
    }
}
