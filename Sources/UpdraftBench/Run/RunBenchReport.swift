import Foundation

/// What `updraft bench run` measured (`--json` prints it as one object).
public struct RunBenchReport: Sendable, Codable, Equatable {
    /// Task instances in the run.
    public var tasks: Int
    /// `fanout`, `chain` or `tree`.
    public var shape: String
    /// `noop` or `bash`.
    public var kind: String
    /// Seconds from the trigger to the run's end.
    public var wallSeconds: Double
    /// Task instances finished per second of `wall_s`.
    public var taskInstancesPerSecond: Double
    /// Median hand-off (downstream start − upstream end), milliseconds.
    public var handoffP50Ms: Double
    /// 99th percentile hand-off, milliseconds.
    public var handoffP99Ms: Double
    /// Largest hand-off, milliseconds.
    public var handoffMaxMs: Double
    /// Edges measured.
    public var handoffSamples: Int
    /// True when the run and every task instance ended in success.
    public var allSucceeded: Bool
    /// The run's final state.
    public var runState: String
    /// Task instances by final state.
    public var states: [String: Int]
    /// In-process workers.
    public var workers: Int
    /// Slots per worker.
    public var workerConcurrency: Int
    /// Seconds to start the runtime (store, executor, workers, scheduler) before the trigger.
    public var startupSeconds: Double
    /// Peak resident memory of the process, MB.
    public var peakRSSMB: Double
    /// Seconds to read the task instances back from the store.
    public var readSeconds: Double = 0
    /// Seconds to stop the runtime after the run (graceful: drain workers, stop the scheduler).
    public var stopSeconds: Double = 0
    /// With callbacks: webhooks the dispatcher sent, and the receiver got.
    public var notificationsSent: Int?
    public var notificationsReceived: Int?
    /// How the workers reached the executor: inproc, tcp (CURVE) or tcp-plain.
    public var transport = "inproc"
    /// The metadata store: sqlite or postgres.
    public var store = "sqlite"

    enum CodingKeys: String, CodingKey {
        case tasks, shape, kind, wallSeconds = "wall_s", taskInstancesPerSecond = "ti_per_s"
        case handoffP50Ms = "handoff_p50_ms", handoffP99Ms = "handoff_p99_ms", handoffMaxMs = "handoff_max_ms"
        case handoffSamples = "handoff_samples", allSucceeded = "all_succeeded", runState = "run_state", states
        case workers, workerConcurrency = "worker_concurrency", startupSeconds = "startup_s", peakRSSMB = "peak_rss_mb"
        case readSeconds = "read_s", stopSeconds = "stop_s"
        case notificationsSent = "notifications_sent", notificationsReceived = "notifications_received", transport, store
    }

    /// One line for people.
    public var summary: String {
        func f(_ v: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", v) }
        let outcome = allSucceeded ? "run \(runState)" : "run \(runState), NOT all succeeded: \(states)"
        return "\(shape) of \(tasks) \(kind) tasks: \(f(wallSeconds)) s, \(f(taskInstancesPerSecond, 0)) TI/s, "
            + "hand-off p50 \(f(handoffP50Ms)) ms, p99 \(f(handoffP99Ms)) ms, max \(f(handoffMaxMs)) ms "
            + "(\(handoffSamples) edges); \(workers) worker(s) × \(workerConcurrency) slots over \(transport); \(outcome)"
            + (notificationsSent.map { "; callbacks: \($0) sent, \(notificationsReceived ?? 0) received" } ?? "")
    }
}
