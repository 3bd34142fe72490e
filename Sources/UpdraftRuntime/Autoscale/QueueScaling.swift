/// How the ``Autoscaler`` sizes the workers of one queue (Airflow-like names).
///
/// ```swift
/// var heavy = QueueScaling(queue: "heavy", maxWorkers: 2)
/// heavy.workerConcurrency = 1
/// heavy.idleTimeout = .seconds(30)
/// ```
public struct QueueScaling: Sendable, Hashable {
    /// The queue whose waiting tries the spawned workers take (they serve only it).
    public var queue: String
    /// Workers kept even when idle (hand-started ones count).
    public var minWorkers: Int
    /// Workers never exceeded (registered + being spawned; hand-started ones count).
    public var maxWorkers: Int
    /// Slots of each spawned worker (`updraft worker --concurrency`).
    public var workerConcurrency: Int
    /// A spawned worker with no running try for this long is drained and retired, while the
    /// queue has more than `minWorkers`.
    public var idleTimeout: Duration
    /// At most this many spawns start per second on this queue (the spawn rate limit).
    public var maxSpawnsPerSecond: Int
    /// A spawned worker that has not said hello within this long is killed and counted as a
    /// failed spawn.
    public var registrationDeadline: Duration
    /// After a failed spawn the queue waits this long before the next one, doubling with each
    /// failure in a row up to ``maxRetryBackoff``; a registration resets it.
    public var retryBackoff: Duration
    /// The longest wait between failed spawns.
    public var maxRetryBackoff: Duration

    /// Scaling for `queue`; defaults: 0...4 workers of 4 slots, idle 60 s, 10 spawns/s,
    /// registration within 10 s, backoff 0.5 s doubling to 30 s.
    public init(
        queue: String, minWorkers: Int = 0, maxWorkers: Int = 4, workerConcurrency: Int = 4,
        idleTimeout: Duration = .seconds(60), maxSpawnsPerSecond: Int = 10,
        registrationDeadline: Duration = .seconds(10), retryBackoff: Duration = .milliseconds(500),
        maxRetryBackoff: Duration = .seconds(30)
    ) {
        self.queue = queue
        self.minWorkers = minWorkers
        self.maxWorkers = maxWorkers
        self.workerConcurrency = workerConcurrency
        self.idleTimeout = idleTimeout
        self.maxSpawnsPerSecond = maxSpawnsPerSecond
        self.registrationDeadline = registrationDeadline
        self.retryBackoff = retryBackoff
        self.maxRetryBackoff = maxRetryBackoff
    }

    /// What is wrong with these settings, one sentence each naming the queue and field.
    public var problems: [String] {
        var problems: [String] = []
        let name = "queue '\(queue)'"
        if queue.isEmpty { problems.append("a queue scaling has an empty queue name") }
        if minWorkers < 0 { problems.append("\(name): min_workers is \(minWorkers), expected 0 or more") }
        if maxWorkers < 1 { problems.append("\(name): max_workers is \(maxWorkers), expected 1 or more") }
        if minWorkers > maxWorkers {
            problems.append("\(name): min_workers \(minWorkers) is above max_workers \(maxWorkers)")
        }
        if workerConcurrency < 1 {
            problems.append("\(name): worker_concurrency is \(workerConcurrency), expected 1 or more")
        }
        if idleTimeout < .zero { problems.append("\(name): idle_timeout is negative") }
        if maxSpawnsPerSecond < 1 {
            problems.append("\(name): spawn rate limit is \(maxSpawnsPerSecond)/s, expected 1 or more")
        }
        if registrationDeadline <= .zero { problems.append("\(name): registration deadline must be above 0") }
        if retryBackoff < .zero || maxRetryBackoff < retryBackoff {
            problems.append("\(name): retry backoff must be 0 or more and at most the max backoff")
        }
        return problems
    }

    /// The wait after `failuresInRow` failed spawns (0 when none).
    func backoff(afterFailures failuresInRow: Int) -> Duration {
        guard failuresInRow > 0 else { return .zero }
        var wait = retryBackoff
        for _ in 1..<min(failuresInRow, 32) where wait < maxRetryBackoff { wait *= 2 }
        return min(wait, maxRetryBackoff)
    }
}

/// Settings of an ``Autoscaler``: one ``QueueScaling`` per queue it manages (other queues
/// are left alone) and how often it looks at the executor.
public struct AutoscalerConfiguration: Sendable, Hashable {
    /// The queues it scales.
    public var queues: [QueueScaling]
    /// How often it compares waiting tries with free slots (a cheap actor call) when nothing
    /// is submitted; a submit that leaves tries waiting wakes it at once.
    public var tickInterval: Duration
    /// Prefix of spawned worker ids: `PREFIX-QUEUE-N-PID`.
    public var workerIDPrefix: String

    /// A configuration for `queues`, looking every 250 ms and at every submit.
    public init(queues: [QueueScaling], tickInterval: Duration = .milliseconds(250), workerIDPrefix: String = "spawned") {
        self.queues = queues
        self.tickInterval = tickInterval
        self.workerIDPrefix = workerIDPrefix
    }

    /// Every problem of every queue, plus duplicate queues and a bad tick interval.
    public var problems: [String] {
        var problems = queues.flatMap(\.problems)
        var seen = Set<String>()
        for scaling in queues where !seen.insert(scaling.queue).inserted {
            problems.append("queue '\(scaling.queue)' is configured twice")
        }
        if tickInterval <= .zero { problems.append("tick interval must be above 0") }
        if workerIDPrefix.isEmpty { problems.append("worker id prefix is empty") }
        return problems
    }
}

/// Settings an ``Autoscaler`` cannot run with.
public struct AutoscalerConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Each problem, naming its queue and field.
    public var problems: [String]
    /// "invalid autoscaler configuration: PROBLEM; PROBLEM".
    public var description: String { "invalid autoscaler configuration: " + problems.joined(separator: "; ") }
}
