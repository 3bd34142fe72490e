import Foundation
import Testing
@testable import UpdraftCore

@Suite("Run planner: dynamic task mapping")
struct RunTrackerMappingTests {
    typealias F = RunFixtures

    /// list -> work (expand over list's return_value) -> report.
    static let tasks = [
        F.task("list"), F.task("work", ["list"], expand: .xcom(taskId: "list", key: nil)), F.task("report", ["work"]),
    ]

    @Test("3 items: map indexes 0..2 are created and scheduled; the placeholder is removed")
    func threeItems() {
        var run = F.tracker(Self.tasks)
        let start = run.evaluate(now: F.t0)
        #expect(start.changed.map(\.id.mapIndex) == [-1, -1, -1])  // the placeholder exists from the start
        let d = run.complete("list", mapLengths: ["work": 3])
        #expect(d.scheduledNames == ["work[0]", "work[1]", "work[2]"])
        #expect(run.state("work") == .removed)
        #expect(d.changed.contains { $0.id == F.id("work") && $0.state == .removed })
        #expect(run.instances.filter { $0.id.taskId == "work" && $0.id.mapIndex >= 0 }.allSatisfy { $0.maxTries == 1 })
        #expect(run.liveInstances.map(\.id) == [F.id("list"), F.id("report"), F.id("work", 0), F.id("work", 1), F.id("work", 2)])
    }

    @Test("the downstream of a mapped task waits for every map index")
    func downstreamWaitsForAll() {
        var run = F.tracker(Self.tasks)
        _ = run.evaluate(now: F.t0)
        _ = run.complete("list", mapLengths: ["list": 3])  // the source's own id works as the key too
        #expect(run.complete("work", map: 0).toSchedule.isEmpty)
        #expect(run.complete("work", map: 2).toSchedule.isEmpty)
        #expect(run.complete("work", map: 1).toSchedule == [F.id("report")])
        #expect(run.complete("report").runState == .success)
    }

    @Test("one failed map index makes the downstream upstream_failed and fails the run")
    func oneIndexFails() {
        var run = F.tracker(Self.tasks)
        _ = run.evaluate(now: F.t0)
        _ = run.complete("list", mapLengths: ["work": 3])
        _ = run.complete("work", map: 0)
        _ = run.complete("work", .failed, map: 1)
        #expect(run.state("report") == .upstreamFailed)  // does not wait for index 2
        let d = run.complete("work", map: 2)
        #expect(d.runState == .failed)
    }

    @Test("0 items: the mapped task is skipped, and so is its all_success downstream")
    func zeroItems() {
        var run = F.tracker(Self.tasks)
        _ = run.evaluate(now: F.t0)
        let d = run.complete("list", mapLengths: ["work": 0])
        #expect(run.state("work") == .skipped)
        #expect(run.state("report") == .skipped)
        #expect(d.toSchedule.isEmpty)
        #expect(d.runState == .success)
    }

    @Test("a failed source makes the mapped task upstream_failed without expanding")
    func sourceFails() {
        var run = F.tracker(Self.tasks)
        _ = run.evaluate(now: F.t0)
        _ = run.complete("list", .failed)
        #expect(run.stateTable == ["list": .failed, "work": .upstreamFailed, "report": .upstreamFailed])
    }

    @Test("a literal list is expanded when the run starts")
    func literalItems() {
        let tasks = [F.task("m", expand: .items([.string("a"), .string("b")])), F.task("after", ["m"])]
        var run = F.tracker(tasks)
        let d = run.evaluate(now: F.t0)
        #expect(d.scheduledNames == ["m[0]", "m[1]"])
        _ = run.complete("m", map: 0)
        #expect(run.complete("m", map: 1).toSchedule == [F.id("after")])
    }

    @Test("length unknown (after a restart): reported as awaiting; expand(taskId:length:) resumes")
    func awaitingLength() {
        let stored = [
            TaskInstanceView(id: F.id("list"), state: .success, tryNumber: 1),
            TaskInstanceView(id: F.id("work"), state: .none),
            TaskInstanceView(id: F.id("report"), state: .none),
        ]
        var run = RunTracker(dag: F.dag(Self.tasks), dagId: "d", runId: "r", instances: stored, runState: .running)
        let d = run.evaluate(now: F.t0)
        #expect(d.awaitingMapLength == ["work"])
        #expect(d.runState == nil)  // waiting for the length is not a deadlock
        let e = run.expand(taskId: "work", length: 2, now: F.t0)
        #expect(e.scheduledNames == ["work[0]", "work[1]"])
        #expect(run.expand(taskId: "list", length: 1, now: F.t0).problems.first?.contains("no mapped task") == true)
    }

    @Test("restart after expansion: map indexes count, the stale placeholder does not")
    func restartExpanded() {
        let stored = [
            TaskInstanceView(id: F.id("list"), state: .success, tryNumber: 1),
            TaskInstanceView(id: F.id("work"), state: .none),  // placeholder the store did not update
            TaskInstanceView(id: F.id("work", 0), state: .success, tryNumber: 1),
            TaskInstanceView(id: F.id("work", 1), state: .running, tryNumber: 1),
            TaskInstanceView(id: F.id("report"), state: .none),
        ]
        var run = RunTracker(dag: F.dag(Self.tasks), dagId: "d", runId: "r", instances: stored, runState: .running)
        let d = run.evaluate(now: F.t0)
        #expect(d.changed.map(\.id) == [F.id("work")])
        #expect(run.state("work") == .removed)
        #expect(run.finished(F.id("work", 1), state: .success, now: F.t0).toSchedule == [F.id("report")])
    }

    @Test("more items than max_map_length: the mapped task fails with a clear problem")
    func tooMany() {
        var run = F.tracker(Self.tasks)
        run.maxMapLength = 10
        _ = run.evaluate(now: F.t0)
        let d = run.complete("list", mapLengths: ["work": 11])
        #expect(run.state("work") == .failed)
        #expect(run.state("report") == .upstreamFailed)
        #expect(d.problems.first?.contains("11 items") == true)
        #expect(d.problems.first?.contains("max_map_length") == true)
    }
}

@Suite("Run planner: mapping over a mapped task")
struct RunTrackerMappedChainTests {
    typealias F = RunFixtures

    @Test("expanding over a mapped task's output makes one instance per upstream map index")
    func mappedOverMapped() {
        var run = F.tracker([
            F.task("list"), F.task("a", expand: .xcom(taskId: "list", key: nil)),
            F.task("b", expand: .xcom(taskId: "a", key: nil)), F.task("end", ["b"]),
        ])
        _ = run.evaluate(now: F.t0)
        _ = run.complete("list", mapLengths: ["a": 2])
        _ = run.complete("a", map: 0)
        let d = run.complete("a", map: 1)  // no length given: 2 upstream map indexes
        #expect(d.scheduledNames == ["b[0]", "b[1]"])
        _ = run.complete("b", map: 1)
        #expect(run.complete("b", map: 0).toSchedule == [F.id("end")])
    }
}
