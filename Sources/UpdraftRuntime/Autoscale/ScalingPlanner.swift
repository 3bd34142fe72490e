/// The autoscaler's decision for one queue, on plain values (no clocks read, no I/O), so
/// every case can be tested exhaustively. ``Autoscaler`` applies it.
enum ScalingPlanner {
    /// What the autoscaler knows about one queue at one instant.
    struct QueueView {
        /// Tries waiting for a worker on the queue.
        var queued: Int
        /// Registered workers serving the queue (hand-started ones included).
        var workers: [WorkerSnapshot]
        /// Workers this autoscaler started that have not registered yet.
        var spawning: Int
        /// Ids of registered workers this autoscaler started (only those are retired).
        var spawnedIDs: Set<String>
        /// Since when each spawned worker has had no running try.
        var idleSince: [String: ContinuousClock.Instant]
        /// When the spawns of the last second started (the rate limit).
        var recentSpawns: [ContinuousClock.Instant]
        /// No spawn before this instant (backoff after failures).
        var spawnAllowedAt: ContinuousClock.Instant?
    }

    /// What to do now.
    struct Decision: Equatable {
        /// Workers to start.
        var spawn = 0
        /// Spawned workers to drain and retire, by id.
        var retire: [String] = []
    }

    /// Spawns when tries wait beyond the free slots (counting slots of workers still
    /// starting), or when the queue is under `minWorkers`; never above `maxWorkers`
    /// (registered, draining and starting ones all count), never faster than the rate limit,
    /// never during backoff. Retires, when nothing waits, spawned workers idle for
    /// `idleTimeout`, oldest-idle first, as long as the queue stays at or above `minWorkers`.
    static func decide(_ policy: QueueScaling, _ view: QueueView, now: ContinuousClock.Instant) -> Decision {
        var decision = Decision()
        let active = view.workers.filter { !$0.draining }
        let total = view.workers.count + view.spawning
        let freeSlots = active.reduce(0) { $0 + max(0, $1.capacity - $1.busySlots) }
        let incoming = view.spawning * policy.workerConcurrency
        let deficit = view.queued - freeSlots - incoming
        let forLoad = deficit > 0 ? (deficit + policy.workerConcurrency - 1) / policy.workerConcurrency : 0
        let forMinimum = max(0, policy.minWorkers - (active.count + view.spawning))
        var spawn = min(max(forLoad, forMinimum), max(0, policy.maxWorkers - total))
        let startedLastSecond = view.recentSpawns.filter { now - $0 < .seconds(1) }.count
        spawn = min(spawn, max(0, policy.maxSpawnsPerSecond - startedLastSecond))
        if let allowed = view.spawnAllowedAt, now < allowed { spawn = 0 }
        decision.spawn = spawn

        guard view.queued == 0, spawn == 0 else { return decision }
        var removable = active.count + view.spawning - policy.minWorkers
        let idle = active
            .filter { view.spawnedIDs.contains($0.workerID) && $0.busySlots == 0 }
            .compactMap { worker in view.idleSince[worker.workerID].map { (worker.workerID, $0) } }
            .filter { now - $0.1 >= policy.idleTimeout }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        for (id, _) in idle where removable > 0 {
            decision.retire.append(id)
            removable -= 1
        }
        return decision
    }
}
