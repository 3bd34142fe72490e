import Foundation
import Testing
@testable import UpdraftCore

/// Drives a tracker and a slot allocator together the way the scheduler does, with workers
/// that finish the oldest running instance first, and checks what the store would see.
struct SchedulerLoop {
    var run: RunTracker
    var slots: SlotAllocator
    var waiting: [TaskInstanceID] = []  // scheduled, not yet admitted
    var running: [TaskInstanceID] = []
    var maxHeld: [String: Int] = [:]
    var dispatchOrder: [String] = []
    var now = RunFixtures.t0

    mutating func apply(_ d: RunDecisions) {
        waiting.append(contentsOf: d.toSchedule)
        let candidates = waiting.compactMap { run.slotCandidate(for: $0) }
        let admitted = slots.admit(candidates)
        waiting.removeAll { admitted.contains($0) }
        run.markQueued(admitted)
        for id in admitted {
            run.started(id, tryNumber: (run.instance(id)?.tryNumber ?? 0) + 1, at: now)
            dispatchOrder.append(id.taskId)
        }
        running.append(contentsOf: admitted)
        for (pool, used) in slots.poolUsed { maxHeld[pool] = max(maxHeld[pool] ?? 0, used) }
    }

    /// Runs to the end; `outcome` decides each try's result.
    mutating func drive(_ outcome: (TaskInstanceID, Int) -> TaskInstanceState) -> DagRunState {
        apply(run.evaluate(now: now))
        var steps = 0
        while run.runState == .running, steps < 10_000 {
            steps += 1
            now += 1
            if running.isEmpty {
                apply(run.evaluate(now: now + 3600))  // jump to the next retry
                continue
            }
            let id = running.removeFirst()
            let c = run.slotCandidate(for: id)!
            slots.release(pool: c.pool, slots: c.poolSlots, dagId: id.dagId)
            apply(run.finished(id, state: outcome(id, run.instance(id)!.tryNumber), now: now))
        }
        return run.runState
    }
}

@Suite("Run planner with slot allocation: whole runs")
struct RunSimulationTests {
    typealias F = RunFixtures

    @Test("20 pooled tasks never hold more than the pool's 3 slots, and all succeed")
    func pooledRun() {
        let tasks = [F.task("start")] + (0..<20).map { i in
            F.task("load\(i)", ["start"]) { $0.pool = "db"; $0.poolSlots = 1 + i % 2; $0.priorityWeight = i }
        } + [F.task("end", (0..<20).map { "load\($0)" })]
        var loop = SchedulerLoop(run: F.tracker(tasks),
                                 slots: SlotAllocator(poolSlots: ["db": 3], poolUsed: [:], dagLimits: [:], dagRunning: [:]))
        #expect(loop.drive { _, _ in .success } == .success)
        #expect(loop.maxHeld["db"] == 3)
        #expect(loop.run.liveInstances.allSatisfy { $0.state == .success })
        // The first loads dispatched are the heaviest ones (priority_weight), as far as slots allow.
        #expect(loop.dispatchOrder[1] == "load19")
    }

    @Test("a task failing twice then succeeding with retries=2 completes the run")
    func flakyRun() {
        let tasks = [F.task("flaky") { $0.retries = 2; $0.retryDelay = TimeSpan(seconds: 60) }, F.task("after", ["flaky"])]
        var loop = SchedulerLoop(run: F.tracker(tasks),
                                 slots: SlotAllocator(poolSlots: [:], poolUsed: [:], dagLimits: ["d": 16], dagRunning: [:]))
        let end = loop.drive { id, tryNumber in id.taskId == "flaky" && tryNumber < 3 ? .failed : .success }
        #expect(end == .success)
        #expect(loop.run.instance(F.id("flaky"))?.tryNumber == 3)
        #expect(loop.dispatchOrder == ["flaky", "flaky", "flaky", "after"])
    }
}
