/// The state of one task instance (one try of one task in one DAG run), with Airflow's names.
///
/// `none` is a task instance that exists but has not been scheduled yet.
public enum TaskInstanceState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Created, not yet considered by the scheduler.
    case none
    /// Its dependencies are met; waiting for the executor.
    case scheduled
    /// Handed to the executor; waiting for a worker.
    case queued
    /// A worker is running it.
    case running
    /// Finished successfully.
    case success
    /// Finished with an error and no retries left.
    case failed
    /// Skipped (branch not taken, skip exit code, trigger rule could no longer be met).
    case skipped
    /// Not run because an upstream task failed.
    case upstreamFailed = "upstream_failed"
    /// Failed, and will be tried again after its retry delay.
    case upForRetry = "up_for_retry"
    /// A sensor waiting for its next poke, not holding a worker slot.
    case upForReschedule = "up_for_reschedule"
    /// No longer part of the DAG (task removed, or a mapped index that no longer exists).
    case removed
    /// Waiting on a trigger or an event subscription, not holding a worker slot.
    case deferred

    /// The states Airflow calls "finished": success, failed, skipped, upstream_failed, removed.
    /// Trigger rules count only these as "done".
    public var isFinished: Bool {
        switch self {
        case .success, .failed, .skipped, .upstreamFailed, .removed: true
        default: false
        }
    }

    /// States in which the task instance is neither waiting to start nor finished:
    /// queued, running, up_for_reschedule, deferred.
    public var isInFlight: Bool {
        switch self {
        case .queued, .running, .upForReschedule, .deferred: true
        default: false
        }
    }

    /// States from which the scheduler may still start the task: none, scheduled, up_for_retry.
    public var isRunnable: Bool {
        switch self {
        case .none, .scheduled, .upForRetry: true
        default: false
        }
    }

    /// States that count as failure for a DAG run's outcome: failed, upstream_failed.
    public var isFailure: Bool { self == .failed || self == .upstreamFailed }
}
