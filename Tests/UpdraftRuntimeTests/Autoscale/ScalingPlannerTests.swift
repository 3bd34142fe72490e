import Testing
@testable import UpdraftRuntime

@Suite("Autoscaler: ScalingPlanner decisions")
struct ScalingPlannerTests {
    let now = ContinuousClock.now

    func worker(_ id: String, capacity: Int = 4, busy: Int = 0, draining: Bool = false) -> WorkerSnapshot {
        WorkerSnapshot(
            workerID: id, queues: ["default"], capacity: capacity, busySlots: busy, reportedBusySlots: busy,
            lastSeen: now, lastHeartbeatSequence: 1, draining: draining, hostname: "h", pid: 1)
    }

    func view(
        queued: Int, workers: [WorkerSnapshot] = [], spawning: Int = 0, spawned: Set<String> = [],
        idleSince: [String: ContinuousClock.Instant] = [:], recent: [ContinuousClock.Instant] = [],
        allowedAt: ContinuousClock.Instant? = nil
    ) -> ScalingPlanner.QueueView {
        .init(queued: queued, workers: workers, spawning: spawning, spawnedIDs: spawned, idleSince: idleSince,
              recentSpawns: recent, spawnAllowedAt: allowedAt)
    }

    @Test("40 waiting tries, no worker, max 4: four spawns, not more")
    func spawnUpToMax() {
        let policy = QueueScaling(queue: "default", maxWorkers: 4, workerConcurrency: 5)
        #expect(ScalingPlanner.decide(policy, view(queued: 40), now: now).spawn == 4)
        #expect(ScalingPlanner.decide(policy, view(queued: 40, spawning: 4), now: now).spawn == 0)
        #expect(ScalingPlanner.decide(policy, view(queued: 40, workers: [worker("a"), worker("b", draining: true)], spawning: 2), now: now).spawn == 0)
    }

    @Test("spawns only for the tries beyond free slots and slots still starting")
    func spawnForDeficit() {
        let policy = QueueScaling(queue: "default", maxWorkers: 10, workerConcurrency: 4)
        #expect(ScalingPlanner.decide(policy, view(queued: 3, workers: [worker("a", busy: 1)]), now: now).spawn == 0)
        #expect(ScalingPlanner.decide(policy, view(queued: 5, workers: [worker("a", busy: 1)]), now: now).spawn == 1)
        #expect(ScalingPlanner.decide(policy, view(queued: 9, spawning: 1), now: now).spawn == 2)
        #expect(ScalingPlanner.decide(policy, view(queued: 0), now: now).spawn == 0)
    }

    @Test("min_workers are kept even with nothing queued; hand-started workers count")
    func minimum() {
        let policy = QueueScaling(queue: "default", minWorkers: 2, maxWorkers: 4)
        #expect(ScalingPlanner.decide(policy, view(queued: 0), now: now).spawn == 2)
        #expect(ScalingPlanner.decide(policy, view(queued: 0, workers: [worker("hand")]), now: now).spawn == 1)
    }

    @Test("rate limit and backoff hold spawns back")
    func rateLimitAndBackoff() {
        var policy = QueueScaling(queue: "default", maxWorkers: 10, workerConcurrency: 1)
        policy.maxSpawnsPerSecond = 3
        let recent = [now - .milliseconds(100), now - .milliseconds(200), now - .seconds(2)]
        #expect(ScalingPlanner.decide(policy, view(queued: 10, recent: recent), now: now).spawn == 1)
        #expect(ScalingPlanner.decide(policy, view(queued: 10, allowedAt: now + .seconds(1)), now: now).spawn == 0)
        #expect(ScalingPlanner.decide(policy, view(queued: 10, allowedAt: now - .seconds(1)), now: now).spawn == 3)
    }

    @Test("retires spawned workers idle past idle_timeout, down to min, never hand-started ones")
    func retire() {
        let policy = QueueScaling(queue: "default", minWorkers: 1, maxWorkers: 4, idleTimeout: .seconds(10))
        let workers = [worker("hand"), worker("s1"), worker("s2"), worker("s3", busy: 1)]
        let idle: [String: ContinuousClock.Instant] = ["s1": now - .seconds(20), "s2": now - .seconds(11), "hand": now - .seconds(100)]
        let decision = ScalingPlanner.decide(
            policy, view(queued: 0, workers: workers, spawned: ["s1", "s2", "s3"], idleSince: idle), now: now)
        #expect(decision.retire == ["s1", "s2"])
        let notYet = ScalingPlanner.decide(
            policy, view(queued: 0, workers: workers, spawned: ["s1", "s2", "s3"], idleSince: ["s1": now - .seconds(5)]), now: now)
        #expect(notYet.retire.isEmpty)
        let atMinimum = ScalingPlanner.decide(
            policy, view(queued: 0, workers: [worker("s1")], spawned: ["s1"], idleSince: ["s1": now - .seconds(60)]), now: now)
        #expect(atMinimum.retire.isEmpty)
        let busyQueue = ScalingPlanner.decide(
            policy, view(queued: 1, workers: workers, spawned: ["s1", "s2", "s3"], idleSince: idle), now: now)
        #expect(busyQueue.retire.isEmpty)
    }

    @Test("configuration problems name the queue and field; backoff doubles to its cap")
    func configuration() {
        let bad = QueueScaling(queue: "heavy", minWorkers: 5, maxWorkers: 2, workerConcurrency: 0)
        #expect(bad.problems.contains("queue 'heavy': min_workers 5 is above max_workers 2"))
        #expect(bad.problems.contains("queue 'heavy': worker_concurrency is 0, expected 1 or more"))
        let twice = AutoscalerConfiguration(queues: [QueueScaling(queue: "a"), QueueScaling(queue: "a")])
        #expect(twice.problems == ["queue 'a' is configured twice"])
        let policy = QueueScaling(queue: "a", retryBackoff: .milliseconds(100), maxRetryBackoff: .milliseconds(350))
        #expect(policy.backoff(afterFailures: 0) == .zero)
        #expect(policy.backoff(afterFailures: 1) == .milliseconds(100))
        #expect(policy.backoff(afterFailures: 2) == .milliseconds(200))
        #expect(policy.backoff(afterFailures: 5) == .milliseconds(350))
    }
}
