/// Counters of a ``WorkerExecutor`` since it started, for `updraft stats`.
public struct ExecutorStats: Sendable, Hashable, Codable {
    /// Tries sent to a worker (`task_dispatch`).
    public var dispatched = 0
    /// `task_finished` messages from workers that closed a running try.
    public var finished = 0
    /// Of `finished`: tries that ended in success.
    public var succeeded = 0
    /// Of `finished`: tries that ended failed (or any state but success and skipped).
    public var failed = 0
    /// Of `finished`: tries that ended skipped.
    public var skipped = 0
    /// Tries the executor itself reported failed (worker lost or left, cancelled while
    /// queued, invalid dispatch, shutdown).
    public var failedByExecutor = 0
    /// Workers declared lost (no heartbeat within the timeout).
    public var lostWorkers = 0
    /// Workers that said goodbye.
    public var departedWorkers = 0
    /// Hellos refused (unsupported version, invalid, duplicate id, shutting down).
    public var rejectedHellos = 0
    /// `task_started`, `task_log_chunk` or `task_finished` for a try not running on the
    /// sender (duplicate, late after a loss, unknown): dropped.
    public var droppedTaskMessages = 0
    /// Messages of a type a worker never sends (welcome, dispatch, ...): dropped.
    public var unexpectedMessages = 0
    /// Messages from peers that never said hello: answered `not_registered`, dropped.
    public var unregisteredMessages = 0
    /// Tries a worker reported running that were not dispatched here, now recorded as running on it.
    public var adopted = 0
    /// `task_finished` for a try no worker ran here, sent again by a worker after it
    /// re-registered (its scheduler may have died before storing it): passed to the scheduler.
    public var lateResults = 0
    /// Dispatches whose send failed (the worker was no longer connected): queued again.
    public var undelivered = 0
    /// Cancels requested through ``WorkerExecutor/cancel(_:reason:)``.
    public var cancelled = 0
    /// Submissions ignored because the key was already queued or running.
    public var duplicateSubmissions = 0
    /// Hellos refused because the worker's key may not serve a queue it asked for, or is
    /// not a worker key (`worker_reject` `not_allowed`). Also in `rejectedHellos`.
    public var accessRefusedHellos = 0
    /// Registered workers dropped because their key was revoked or lost a queue they serve.
    public var revokedWorkers = 0
    /// Task messages (`task_started`, `task_log_chunk`, `task_finished`, a heartbeat's list)
    /// about a try dispatched to another worker, or of a queue the sender's key may not
    /// serve: dropped (the per-dispatch fence). Also in `droppedTaskMessages` for the first three.
    public var fencedTaskMessages = 0
    /// Messages whose connection's `User-Id` is not the one the worker registered with
    /// (another key behind the same routing id): dropped.
    public var identityMismatches = 0

    /// All zero.
    public init() {}

    /// Every counter as `executor.NAME` (snake_case) → value.
    public var gauges: [String: Double] {
        [
            "executor.dispatched": Double(dispatched),
            "executor.finished": Double(finished),
            "executor.succeeded": Double(succeeded),
            "executor.failed": Double(failed),
            "executor.skipped": Double(skipped),
            "executor.failed_by_executor": Double(failedByExecutor),
            "executor.lost_workers": Double(lostWorkers),
            "executor.departed_workers": Double(departedWorkers),
            "executor.rejected_hellos": Double(rejectedHellos),
            "executor.dropped_task_messages": Double(droppedTaskMessages),
            "executor.unexpected_messages": Double(unexpectedMessages),
            "executor.unregistered_messages": Double(unregisteredMessages),
            "executor.adopted": Double(adopted),
            "executor.late_results": Double(lateResults),
            "executor.undelivered": Double(undelivered),
            "executor.cancelled": Double(cancelled),
            "executor.duplicate_submissions": Double(duplicateSubmissions),
            "executor.access_refused_hellos": Double(accessRefusedHellos),
            "executor.revoked_workers": Double(revokedWorkers),
            "executor.fenced_task_messages": Double(fencedTaskMessages),
            "executor.identity_mismatches": Double(identityMismatches),
        ]
    }
}
