import Foundation
import Testing
@testable import UpdraftCore

@Suite("Run planner: depends_on_past")
struct RunTrackerDependsOnPastTests {
    typealias F = RunFixtures

    static let tasks = [F.task("load") { $0.dependsOnPast = true }, F.task("other")]

    @Test("first run (no previous states) passes", arguments: [[:], ["other": TaskInstanceState.failed]])
    func firstRun(previous: [String: TaskInstanceState]) {
        var run = F.tracker(Self.tasks, previous: previous)
        #expect(Set(run.evaluate(now: F.t0).scheduledNames) == ["load", "other"])
    }

    @Test("previous success or skipped passes", arguments: [TaskInstanceState.success, .skipped])
    func previousDone(state: TaskInstanceState) {
        var run = F.tracker(Self.tasks, previous: ["load": state])
        #expect(Set(run.evaluate(now: F.t0).scheduledNames) == ["load", "other"])
    }

    @Test("previous failed, upstream_failed or still running: the task waits and the run is not a deadlock",
          arguments: [TaskInstanceState.failed, .upstreamFailed, .running, .removed])
    func previousNotDone(state: TaskInstanceState) {
        var run = F.tracker(Self.tasks, previous: ["load": state])
        #expect(run.evaluate(now: F.t0).scheduledNames == ["other"])
        let d = run.complete("other")
        #expect(run.state("load") == TaskInstanceState.none)
        #expect(d.runState == nil)
        #expect(run.runState == .running)
    }

    @Test("when the previous run's task succeeds later, updatePreviousRunStates lets it run")
    func previousCatchesUp() {
        var run = F.tracker(Self.tasks, previous: ["load": .running])
        _ = run.evaluate(now: F.t0)
        let d = run.updatePreviousRunStates(["load": .success], now: F.t0)
        #expect(d.toSchedule == [F.id("load")])
    }

    @Test("depends_on_past does not stop skips and upstream failures from cascading")
    func skipsStillCascade() {
        var run = F.tracker([F.task("a"), F.task("b", ["a"]) { $0.dependsOnPast = true }], previous: ["b": .failed])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("a", .failed)
        #expect(run.state("b") == .upstreamFailed)
        #expect(d.runState == .failed)
    }

    @Test("a cycle that can never run is a deadlock: the run fails")
    func deadlock() {
        var run = F.tracker([F.task("x", ["y"]), F.task("y", ["x"]), F.task("z")])
        _ = run.evaluate(now: F.t0)
        #expect(run.complete("z").runState == .failed)
    }
}
