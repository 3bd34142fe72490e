import Foundation
import Testing
@testable import UpdraftCore

@Suite("Run planner: chains, fan-out, fan-in, run state, removed tasks")
struct RunTrackerBasicsTests {
    typealias F = RunFixtures

    @Test("a new run creates every instance in none and schedules the root")
    func runStart() {
        var run = F.tracker([F.task("a"), F.task("b", ["a"]), F.task("c", ["b"])])
        let d = run.evaluate(now: F.t0)
        #expect(d.changed.map(\.id.taskId) == ["a", "b", "c"])
        #expect(d.changed.map(\.state) == [.scheduled, .none, .none])
        #expect(d.toSchedule == [F.id("a")])
        #expect(d.runState == .running)
        #expect(d.nextWakeup == nil)
        #expect(run.instances.allSatisfy { $0.maxTries == 1 && $0.tryNumber == 0 })
    }

    @Test("a chain runs one task after the other and the run succeeds")
    func chain() {
        var run = F.tracker([F.task("a"), F.task("b", ["a"]), F.task("c", ["b"])])
        _ = run.evaluate(now: F.t0)
        var d = run.complete("a")
        #expect(d.toSchedule == [F.id("b")])
        #expect(d.changed.map(\.id.taskId) == ["a", "b"])
        #expect(d.runState == nil)
        d = run.complete("b")
        #expect(d.toSchedule == [F.id("c")])
        d = run.complete("c")
        #expect(d.toSchedule.isEmpty)
        #expect(d.runState == .success)
        #expect(run.runState == .success)
        #expect(run.instance(F.id("c"))?.tryNumber == 1)
        #expect(run.instance(F.id("c"))?.endDate == F.t0)
    }

    @Test("fan-out schedules all branches at once; fan-in waits for the last one")
    func fanOutFanIn() {
        var run = F.tracker([F.task("start"), F.task("x", ["start"]), F.task("y", ["start"]), F.task("z", ["start"]),
                             F.task("join", ["x", "y", "z"])])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("start")
        #expect(Set(d.toSchedule) == [F.id("x"), F.id("y"), F.id("z")])
        #expect(run.complete("x").toSchedule.isEmpty)
        #expect(run.complete("z").toSchedule.isEmpty)
        #expect(run.state("join") == TaskInstanceState.none)
        #expect(run.complete("y").toSchedule == [F.id("join")])
    }

    @Test("a failed leaf fails the run only once every other task finished")
    func runFailsAtTheEnd() {
        var run = F.tracker([F.task("a"), F.task("b"), F.task("c", ["b"])])
        _ = run.evaluate(now: F.t0)
        #expect(run.complete("a", .failed).runState == nil)
        #expect(run.runState == .running)
        _ = run.complete("b")
        #expect(run.complete("c").runState == .failed)
    }

    @Test("a failure upstream of an all_done leaf still lets the run succeed (Airflow judges leaves)")
    func cleanupLeafSucceeds() {
        var run = F.tracker([F.task("work"), F.task("cleanup", ["work"], rule: .allDone)])
        _ = run.evaluate(now: F.t0)
        #expect(run.complete("work", .failed).toSchedule == [F.id("cleanup")])
        #expect(run.complete("cleanup").runState == .success)
    }

    @Test("priority: toSchedule is ordered by effective weight, then topological order")
    func priorityOrder() {
        let tasks = [
            F.task("low") { $0.priorityWeight = 1 },
            F.task("high") { $0.priorityWeight = 5 },
            F.task("mid") { $0.priorityWeight = 3 },
            F.task("mid2") { $0.priorityWeight = 3 },
            F.task("after_low", ["low"]) { $0.priorityWeight = 10 },
        ]
        var run = F.tracker(tasks)
        // low's effective weight is 1 + 10 (downstream rule).
        #expect(run.evaluate(now: F.t0).scheduledNames == ["low", "high", "mid", "mid2"])
        #expect(run.priorityWeight(of: "low") == 11)
        #expect(run.slotCandidate(for: F.id("high"))?.priority == 5)
    }

    @Test("instances of tasks no longer in the DAG become removed; a removed task back in the DAG is restored")
    func removedAndRestored() {
        let stored = [
            TaskInstanceView(id: F.id("gone"), state: .success, tryNumber: 1),
            TaskInstanceView(id: F.id("back"), state: .removed),
            TaskInstanceView(id: F.id("a"), state: .running, tryNumber: 1),
        ]
        var run = F.tracker([F.task("a"), F.task("back", ["a"])], instances: stored)
        let d = run.evaluate(now: F.t0)
        #expect(run.state("gone") == .removed)
        #expect(run.state("back") == TaskInstanceState.none)
        #expect(Set(d.changed.map(\.id.taskId)) == ["gone", "back"])
        #expect(d.changed.last?.id.taskId == "gone")  // removed tasks come last
        #expect(run.complete("a").toSchedule == [F.id("back")])
        #expect(run.complete("back").runState == .success)  // the removed instance does not hold the run
    }

    @Test("restart: a tracker built from stored running instances resumes without rescheduling them")
    func restart() {
        let stored = [
            TaskInstanceView(id: F.id("a"), state: .success, tryNumber: 1),
            TaskInstanceView(id: F.id("b"), state: .running, tryNumber: 1),
            TaskInstanceView(id: F.id("c"), state: .none),
        ]
        var run = RunTracker(dag: F.dag([F.task("a"), F.task("b", ["a"]), F.task("c", ["b"])]), dagId: "d", runId: "r",
                             instances: stored, runState: .running)
        let d = run.evaluate(now: F.t0)
        #expect(d.changed.isEmpty)
        #expect(d.toSchedule.isEmpty)
        #expect(d.runState == nil)
        #expect(run.finished(F.id("b"), state: .success, now: F.t0).toSchedule == [F.id("c")])
    }

    @Test("restart: instances stored as scheduled (waiting for a slot when the scheduler died) are ready again")
    func restartScheduled() {
        let stored = [
            TaskInstanceView(id: F.id("root"), state: .success, tryNumber: 1),
            TaskInstanceView(id: F.id("x"), state: .scheduled),
            TaskInstanceView(id: F.id("y"), state: .scheduled),
            TaskInstanceView(id: F.id("z"), state: .queued, tryNumber: 1),
            TaskInstanceView(id: F.id("join"), state: .none),
        ]
        let dag = F.dag([F.task("root"), F.task("x", ["root"]), F.task("y", ["root"]), F.task("z", ["root"]),
                         F.task("join", ["x", "y", "z"])])
        var run = RunTracker(dag: dag, dagId: "d", runId: "r", instances: stored, runState: .running)
        let d = run.evaluate(now: F.t0)
        #expect(Set(d.toSchedule) == [F.id("x"), F.id("y")])  // not z: queued tries wait for recovery
        #expect(d.changed.isEmpty)
        #expect(d.runState == nil)
        // Reported once: the next step does not hand them out again.
        #expect(run.wake(now: F.t0).toSchedule.isEmpty)
    }

    @Test("bad reports: an unknown id is named in problems; a duplicate finish changes nothing")
    func badReports() {
        var run = F.tracker([F.task("a"), F.task("b", ["a"])])
        _ = run.evaluate(now: F.t0)
        let unknown = run.finished(F.id("nope"), state: .success, now: F.t0)
        #expect(unknown.problems.count == 1)
        #expect(unknown.problems.first?.contains("d/r/nope") == true)
        #expect(unknown.changed.isEmpty)
        _ = run.complete("a")
        let again = run.finished(F.id("a"), state: .failed, now: F.t0)
        #expect(again.changed.isEmpty && again.toSchedule.isEmpty)
        #expect(run.state("a") == .success)
        let set = run.setState(F.id("ghost"), .failed, now: F.t0)
        #expect(set.problems.first?.contains("ghost") == true)
    }

    @Test("setState: cancelling a running task fails it and its downstream becomes upstream_failed")
    func cancel() {
        var run = F.tracker([F.task("a") { $0.retries = 3 }, F.task("b", ["a"])])
        _ = run.evaluate(now: F.t0)
        run.markQueued([F.id("a")])
        run.started(F.id("a"), tryNumber: 1, at: F.t0)
        let d = run.setState(F.id("a"), .failed, now: F.t0)  // no retry: the caller decided
        #expect(run.state("a") == .failed)
        #expect(run.state("b") == .upstreamFailed)
        #expect(d.runState == .failed)
        // Clearing a and b re-runs them, with a's retries budget renewed (Airflow's clear).
        let cleared = run.clear([F.id("b"), F.id("a")], now: F.t0)
        #expect(cleared.toSchedule == [F.id("a")])
        #expect(cleared.runState == .running)
        #expect(run.state("b") == TaskInstanceState.none)
        #expect(run.instance(F.id("a"))?.maxTries == 5)  // 1 try made + retries 3 + 1
        #expect(run.complete("a").toSchedule == [F.id("b")])
    }

    @Test("an instance of another run handed to the tracker is ignored and named in problems")
    func foreignInstance() {
        let foreign = TaskInstanceView(id: TaskInstanceID(dagId: "d", runId: "other", taskId: "a"), state: .success)
        var run = F.tracker([F.task("a")], instances: [foreign])
        let d = run.evaluate(now: F.t0)
        #expect(d.problems == ["d/other/a: given to the tracker of run d/r but belongs to another run; ignored"])
        #expect(d.toSchedule == [F.id("a")])
        #expect(run.instance(foreign.id) == nil)
    }

    @Test("an empty DAG's run succeeds at once")
    func emptyDag() {
        var run = F.tracker([])
        #expect(run.evaluate(now: F.t0).runState == .success)
    }
}
