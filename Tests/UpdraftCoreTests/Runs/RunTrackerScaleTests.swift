import Foundation
import Testing
@testable import UpdraftCore

/// Counts work, not time: `workCount` grows by one per instance evaluated and per downstream
/// count touched. Quadratic handling of a 10,000-task fan-out would cost ~10^8 units.
@Suite("Run planner: event handling stays proportional to the downstream")
struct RunTrackerScaleTests {
    typealias F = RunFixtures
    static let n = 10_000

    @Test("10,000-task fan-out then fan-in: every finished call is O(its downstream)")
    func fanOutFanIn() {
        let leaves = (0..<Self.n).map { F.task("t\($0)", ["start"]) }
        var run = F.tracker([F.task("start")] + leaves + [F.task("join", leaves.map(\.taskId))])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("start")
        #expect(d.toSchedule.count == Self.n)
        let before = run.workCount
        var maxStep = 0
        var scheduledJoin = false
        for i in 0..<Self.n {
            let w = run.workCount
            let step = run.complete("t\(i)")
            maxStep = max(maxStep, run.workCount - w)
            scheduledJoin = scheduledJoin || step.toSchedule == [F.id("join")]
            if i < Self.n - 1 { #expect(step.toSchedule.isEmpty) }
        }
        #expect(scheduledJoin)
        // finished touches the join's counts once (-1, +1) and evaluates it once.
        #expect(maxStep <= 4)
        #expect(run.workCount - before <= 8 * Self.n)
        #expect(run.complete("join").runState == .success)
    }

    @Test("10,000 mapped instances feeding one task: linear work")
    func mappedFanIn() {
        var run = F.tracker([F.task("list"), F.task("work", ["list"], expand: .xcom(taskId: "list", key: nil)),
                             F.task("sum", ["work"])])
        run.maxMapLength = Self.n
        _ = run.evaluate(now: F.t0)
        let d = run.complete("list", mapLengths: ["work": Self.n])
        #expect(d.toSchedule.count == Self.n)
        let before = run.workCount
        for i in 0..<Self.n { _ = run.complete("work", map: i) }
        #expect(run.state("sum") == .scheduled)
        #expect(run.workCount - before <= 8 * Self.n)
    }

    @Test("2,000 failures waiting for retries: finding the next wake-up stays cheap and correct")
    func manyRetries() {
        let tasks = (0..<2_000).map { i in F.task("t\(i)") { $0.retries = 1; $0.retryDelay = TimeSpan(seconds: Int64(2_000 - i)) } }
        var run = F.tracker(tasks + [F.task("join", tasks.map(\.taskId), rule: .allDone)])
        _ = run.evaluate(now: F.t0)
        var wake: Date?
        for i in 0..<2_000 { wake = run.complete("t\(i)", .failed).nextWakeup }
        #expect(wake == F.t0 + 1)
        let due = run.evaluate(now: F.t0 + 10)
        #expect(due.toSchedule.count == 10)
        #expect(due.nextWakeup == F.t0 + 11)
        // The timer path touches only what is due: the waiting join is not re-evaluated.
        let before = run.workCount
        for second in 11...2_000 {
            let d = run.wake(now: F.t0 + Double(second))
            #expect(d.toSchedule == [F.id("t\(2_000 - second)")])
        }
        #expect(run.workCount == before)
        #expect(run.wake(now: F.t0 + 5_000).nextWakeup == nil)
        _ = run.evaluate(now: F.t0 + 5_000)
        #expect(run.workCount == before + 1)  // a full pass does evaluate it
    }
}
