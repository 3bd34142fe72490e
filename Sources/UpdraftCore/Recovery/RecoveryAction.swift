/// What the scheduler does, after a restart, with one task instance it found in the store.
/// Decided by ``RecoveryDecision/action(state:runsInScheduler:report:)``.
public enum RecoveryAction: Sendable, Hashable {
    /// Finished: nothing to do.
    case nothing
    /// `none`: the run's planner evaluates its trigger rule as on any step.
    case evaluate
    /// `scheduled` (ready, waiting for a pool slot): back in the slot queue at once.
    case queueForSlot
    /// `up_for_retry`: its retry timer is armed again for its stored `next_try_at`.
    case armRetry
    /// A sensor's try: it runs in the scheduler, not on a worker, so no worker can report it;
    /// its pokes resume at once (same try, its first poke time kept for the timeout).
    case resumeSensor
    /// A try that may run on a worker: it keeps its pool slots and waits for the workers
    /// known before the crash to re-register and report, or for the grace cap.
    case awaitReports
    /// A live worker reports the try running: it is adopted; its `finished` will come.
    case adopt
    /// Queued, and every worker that could have it reported without it: it never started,
    /// or it ended and its result (sent again by its worker after re-registering) was
    /// applied first. The same try is dispatched again (it keeps its slots).
    case resubmit
    /// Queued, no worker runs it, and a worker that may have started it is gone (so its
    /// try may have run, in part): dispatched again as the next try number, which is not
    /// charged to its retries (the crash was not the task's failure). It keeps its slots.
    case resubmitNextTry
    /// It had started and no worker runs it now: failed with `reason`, then its retry
    /// policy applies (its slots are freed).
    case failLost(reason: String)
}

/// What the reconnecting workers said about one try.
public enum TryReport: Sendable, Hashable, CaseIterable {
    /// The grace is not over and the try's worker has not re-registered yet.
    case awaited
    /// A re-registered worker lists the try as running in its first heartbeat.
    case reported
    /// Every worker that could run it re-registered (or the grace ended) and none lists it.
    case notReported
    /// The worker that ran it (for a queued try: one of the workers that could have it) is
    /// gone: its process is known dead, or it did not re-register within the grace cap.
    case workerGone
}
