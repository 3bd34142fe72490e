#if canImport(Glibc)
import Glibc
#endif
import Logging

/// Starts workers when tries wait on a queue and retires them when idle, per queue
/// (``QueueScaling``), through a ``WorkerSpawner``.
///
/// ```swift
/// let autoscaler = try Autoscaler(
///     executor: executor, endpoint: "tcp://127.0.0.1:7433", spawner: LocalWorkerSpawner(),
///     configuration: AutoscalerConfiguration(queues: [QueueScaling(queue: "default", maxWorkers: 4)]),
///     logger: logger)
/// await autoscaler.start()
/// ...
/// await autoscaler.stop()
/// ```
///
/// Design notes:
/// - It reads ``WorkerExecutor/load()`` (one cheap actor call, a consistent snapshot) when
///   the executor signals that submitted tries wait for a worker
///   (``WorkerExecutor/waitingWorkSignals()``), so a spawn starts at once, and otherwise every
///   `tickInterval` (250 ms) for registrations, departures, idle workers and backoffs. An idle
///   deployment thus wakes it 4 times a second, not 50. The executor only yields a signal per
///   submit; it knows nothing else of scaling.
/// - The decision is ``ScalingPlanner`` on plain values; this actor applies it: launches
///   (``WorkerSpawner/launch(_:)`` returns at once), drains (``WorkerExecutor/drainWorker(_:reason:timeout:)``:
///   the worker finishes, says goodbye and exits), and watches each process's exit on a
///   task of its own.
/// - Spawned workers register like any other worker, with the id it chose
///   (`PREFIX-QUEUE-N-PID`, PID = this process); hand-started workers count toward min and
///   max but are never retired. Workers with the prefix that register without being tracked
///   (spawned by a scheduler process that was killed) are adopted: retired when idle.
/// - A failed spawn (cannot start, exits before its hello, or no hello within the deadline:
///   then it is killed) is logged, counted in ``AutoscalerStats``, and the queue backs off
///   (doubling). Waiting tries stay queued in the executor: none is lost.
public actor Autoscaler {
    /// The settings.
    public nonisolated let configuration: AutoscalerConfiguration
    /// The spawner.
    public nonisolated let spawner: any WorkerSpawner
    /// The executor endpoint spawned workers connect to.
    public nonisolated let endpoint: String
    let executor: WorkerExecutor
    var logger: Logger

    var tracked: [String: TrackedWorker] = [:]
    var queueState: [String: QueueState] = [:]
    var counters = AutoscalerStats()
    var sequence = 0
    var tickTask: Task<Void, Never>?
    var stopping = false
    /// Set once the executor refuses new workers (its shutdown drains them all).
    var executorClosing = false

    /// An autoscaler for `executor`; nothing happens until ``start()``. Throws
    /// ``AutoscalerConfigurationError`` when the configuration has problems.
    public init(
        executor: WorkerExecutor, endpoint: String, spawner: any WorkerSpawner,
        configuration: AutoscalerConfiguration, logger: Logger
    ) throws(AutoscalerConfigurationError) {
        var problems = configuration.problems
        if endpoint.isEmpty { problems.append("the executor endpoint for spawned workers is empty") }
        guard problems.isEmpty else { throw AutoscalerConfigurationError(problems: problems) }
        self.executor = executor
        self.endpoint = endpoint
        self.spawner = spawner
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts the periodic check. Idempotent.
    public func start() {
        guard tickTask == nil, !stopping else { return }
        let interval = configuration.tickInterval
        let executor = self.executor
        // Unstructured: the tick loop lives until stop(), which cancels it and waits for it.
        tickTask = Task {
            let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            let submissions = await executor.waitingWorkSignals()
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in submissions { wake.yield() }
                }
                group.addTask {
                    while !Task.isCancelled {
                        wake.yield()
                        do { try await Task.sleep(for: interval) } catch { return }
                    }
                }
                for await _ in wakeups {
                    if Task.isCancelled { break }
                    await self.tick()
                }
                group.cancelAll()
            }
        }
    }

    /// Counters and current sizes.
    public func stats() -> AutoscalerStats {
        var stats = counters
        stats.spawning = tracked.values.filter { $0.phase == .spawning }.count
        stats.running = tracked.values.filter { $0.phase == .registered || $0.phase == .retiring }.count
        return stats
    }

    /// Ids of the spawned workers alive now (starting, registered or retiring), sorted.
    public func spawnedWorkerIDs() -> [String] { tracked.keys.sorted() }

    /// Stops scaling; spawned processes still alive after `grace` (the executor's shutdown
    /// normally makes them leave) get SIGTERM, then SIGKILL one second later.
    public func stop(grace: Duration = .seconds(5)) async {
        stopping = true
        tickTask?.cancel()
        tickTask = nil
        let deadline = ContinuousClock.now + grace
        while tracked.values.contains(where: { $0.process?.hasExited == false }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let alive = tracked.values.compactMap(\.process).filter { !$0.hasExited }
        for process in alive { process.signal(SIGTERM) }
        if !alive.isEmpty {
            try? await Task.sleep(for: .seconds(1))
            for process in alive where !process.hasExited { process.signal(SIGKILL) }
        }
    }

    /// One look at the executor: note registrations, departures and idleness, then apply
    /// the planner's decision for each queue.
    func tick() async {
        guard !stopping else { return }
        let load = await executor.load()
        let now = ContinuousClock.now
        // A shutting-down executor drains every worker: their departures are retirements.
        if !load.acceptingWorkers { executorClosing = true }
        observe(load.workers, now: now)
        // A shutting-down executor refuses hellos: spawning now would only fail.
        guard load.acceptingWorkers else { return }
        for policy in configuration.queues {
            let serving = load.workers.filter { $0.queues.contains(policy.queue) }
            let state = queueState[policy.queue] ?? QueueState()
            let mine = tracked.values.filter { $0.queue == policy.queue }
            let view = ScalingPlanner.QueueView(
                queued: load.queued[policy.queue] ?? 0, workers: serving,
                spawning: mine.filter { $0.phase == .spawning }.count,
                spawnedIDs: Set(mine.filter { $0.phase == .registered }.map(\.id)),
                idleSince: Dictionary(uniqueKeysWithValues: mine.compactMap { w in w.idleSince.map { (w.id, $0) } }),
                recentSpawns: state.recentSpawns, spawnAllowedAt: state.spawnAllowedAt)
            let decision = ScalingPlanner.decide(policy, view, now: now)
            for _ in 0..<decision.spawn { spawn(policy, now: now) }
            for id in decision.retire { await retire(id) }
        }
    }

    /// Updates each tracked worker from the registered ones.
    private func observe(_ workers: [WorkerSnapshot], now: ContinuousClock.Instant) {
        let byID = Dictionary(workers.map { ($0.workerID, $0) }, uniquingKeysWith: { first, _ in first })
        adoptOrphans(workers, now: now)
        for (id, worker) in tracked {
            if let snapshot = byID[id] {
                if worker.phase == .spawning { registered(id, now: now) }
                if snapshot.busySlots > 0 { tracked[id]?.idleSince = nil } else if worker.idleSince == nil {
                    tracked[id]?.idleSince = now
                }
                tracked[id]?.seenRegistered = true
            } else if worker.phase == .spawning {
                let policy = configuration.queues.first { $0.queue == worker.queue }
                if let policy, now - worker.startedAt > policy.registrationDeadline {
                    worker.process?.signal(SIGKILL)
                    failed(id, "did not register within \(policy.registrationDeadline)", now: now)
                }
            } else if worker.seenRegistered {
                gone(id)
            }
        }
    }

    /// Workers an earlier scheduler process spawned (same id prefix, one scaled queue) that
    /// registered with this executor after a restart: tracked without a process handle, so
    /// they count as spawned and are retired when idle instead of living on as hand-started.
    private func adoptOrphans(_ workers: [WorkerSnapshot], now: ContinuousClock.Instant) {
        for worker in workers where tracked[worker.workerID] == nil && !worker.draining {
            guard worker.workerID.hasPrefix(configuration.workerIDPrefix + "-"), worker.queues.count == 1,
                  configuration.queues.contains(where: { $0.queue == worker.queues[0] })
            else { continue }
            var record = TrackedWorker(id: worker.workerID, queue: worker.queues[0], process: nil, startedAt: now)
            record.phase = .registered
            record.seenRegistered = true
            tracked[worker.workerID] = record
            logger.info("adopted worker \(worker.workerID), spawned by an earlier scheduler process")
        }
    }

    private func spawn(_ policy: QueueScaling, now: ContinuousClock.Instant) {
        sequence += 1
        let id = "\(configuration.workerIDPrefix)-\(policy.queue)-\(sequence)-\(getpid())"
        let request = SpawnRequest(workerID: id, queue: policy.queue, concurrency: policy.workerConcurrency, endpoint: endpoint)
        queueState[policy.queue, default: QueueState()].noteSpawn(at: now)
        counters.spawned += 1
        do {
            let process = try spawner.launch(request)
            tracked[id] = TrackedWorker(id: id, queue: policy.queue, process: process, startedAt: now)
            logger.info("spawning worker \(id) for queue \(policy.queue) (\(spawner.kind), pid \(process.pid))")
            // Unstructured: one watcher per spawned process, ended by the process's exit.
            Task { [weak self] in
                let how = await process.waitForExit()
                await self?.exited(id, process: process, how: how)
            }
        } catch {
            counters.spawnFailures += 1
            recordFailure(policy.queue, "\(error.message)", now: now)
        }
    }

    private func retire(_ id: String) async {
        guard tracked[id]?.phase == .registered else { return }
        tracked[id]?.phase = .retiring
        let policy = configuration.queues.first { $0.queue == tracked[id]?.queue }
        let idle = policy.map { "\($0.idleTimeout)" } ?? "idle timeout"
        if await executor.drainWorker(id, reason: "idle for \(idle): retired by the autoscaler") {
            logger.info("retiring idle worker \(id)")
        }
    }

    private func registered(_ id: String, now: ContinuousClock.Instant) {
        guard let worker = tracked[id] else { return }
        tracked[id]?.phase = .registered
        counters.registered += 1
        queueState[worker.queue, default: QueueState()].failuresInRow = 0
        queueState[worker.queue]?.spawnAllowedAt = nil
        logger.info("worker \(id) registered \(now - worker.startedAt) after its spawn")
    }

    /// A tracked worker is no longer registered.
    private func gone(_ id: String) {
        guard let worker = tracked.removeValue(forKey: id) else { return }
        if worker.phase == .retiring || executorClosing {
            counters.retired += 1
            logger.info("worker \(id) retired")
        } else {
            counters.lost += 1
            logger.warning("spawned worker \(id) left without being retired")
        }
        if let process = worker.process, !process.hasExited {
            // Unstructured: a last-resort kill 5 s later for a process that did not leave; it ends by itself.
            Task {
                try? await Task.sleep(for: .seconds(5))
                if !process.hasExited { process.signal(SIGKILL) }
            }
        }
    }

    /// The process of `id` ended.
    private func exited(_ id: String, process: SpawnedProcess, how: String) {
        guard let worker = tracked[id], worker.process === process else { return }
        guard worker.phase == .spawning else { return }
        let exitedCleanly = how == "exit status 0"
        if spawner.processIsWorker || !exitedCleanly {
            let output = process.outputTail
            let detail = output.isEmpty ? "" : ": " + (output.split(separator: "\n").last.map(String.init) ?? output)
            failed(id, "exited before registering (\(how))\(detail)", now: .now)
        }
    }

    private func failed(_ id: String, _ reason: String, now: ContinuousClock.Instant) {
        guard let worker = tracked.removeValue(forKey: id) else { return }
        counters.spawnFailures += 1
        recordFailure(worker.queue, "worker \(id): \(reason)", now: now)
    }

    private func recordFailure(_ queue: String, _ message: String, now: ContinuousClock.Instant) {
        var state = queueState[queue] ?? QueueState()
        state.failuresInRow += 1
        let policy = configuration.queues.first { $0.queue == queue }
        let wait = policy?.backoff(afterFailures: state.failuresInRow) ?? .seconds(1)
        state.spawnAllowedAt = now + wait
        queueState[queue] = state
        counters.lastSpawnError = message
        logger.warning("spawn failed (\(spawner.kind)) for queue \(queue): \(message); next try in \(wait)")
    }
}

/// A worker the autoscaler started.
struct TrackedWorker {
    enum Phase { case spawning, registered, retiring }
    let id: String
    let queue: String
    /// Nil for a worker adopted after a scheduler restart (spawned by an earlier process).
    let process: SpawnedProcess?
    let startedAt: ContinuousClock.Instant
    var phase = Phase.spawning
    var idleSince: ContinuousClock.Instant?
    var seenRegistered = false

    init(id: String, queue: String, process: SpawnedProcess?, startedAt: ContinuousClock.Instant) {
        self.id = id
        self.queue = queue
        self.process = process
        self.startedAt = startedAt
    }
}

/// Per-queue spawn history: the rate limit's window and the failure backoff.
struct QueueState {
    var recentSpawns: [ContinuousClock.Instant] = []
    var failuresInRow = 0
    var spawnAllowedAt: ContinuousClock.Instant?

    mutating func noteSpawn(at now: ContinuousClock.Instant) {
        recentSpawns = recentSpawns.filter { now - $0 < .seconds(1) } + [now]
    }
}
