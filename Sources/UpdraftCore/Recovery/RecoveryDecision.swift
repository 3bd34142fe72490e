import Foundation

/// The recovery decision after a scheduler restart, as a pure function: the state a task
/// instance was stored in (the store is the only memory that survives a crash), whether
/// its task runs in the scheduler (sensors, `empty`), and what reconnecting workers
/// reported → what to do with it. The scheduler applies the action; a table-driven test
/// covers every state × report.
///
/// Why this is safe (DESIGN.md invariants 1 and 2):
/// - every non-finished state has an action that moves it on, so none is stranded;
/// - a try is dispatched again only when it is `queued` and no worker reports it, and a
///   try reported running is never dispatched again: no try runs twice at once;
/// - the same try number is dispatched again only when every worker that could have
///   started it reported without it (so it never started, or its result, which workers
///   send again after re-registering, was applied first); when one of them is gone the
///   next try number is used, so a try that may have run is never run again under its number;
/// - a try that had started and that nobody reports is failed through its retry policy,
///   so the try it used is counted, never forgotten.
public enum RecoveryDecision {
    /// The action for an instance stored in `state`.
    ///
    /// - Parameters:
    ///   - runsInScheduler: true for sensors (poked in the scheduler) and `empty` tasks;
    ///     their in-flight rows never wait for a worker.
    ///   - report: what the workers said about the stored try (ignored for states that
    ///     no worker can be running).
    public static func action(state: TaskInstanceState, runsInScheduler: Bool, report: TryReport) -> RecoveryAction {
        switch state {
        case .success, .failed, .skipped, .upstreamFailed, .removed: return .nothing
        case .none: return .evaluate
        case .scheduled: return .queueForSlot
        case .upForRetry: return .armRetry
        case .queued, .running, .upForReschedule, .deferred:
            if runsInScheduler { return .resumeSensor }
            switch report {
            case .awaited: return .awaitReports
            case .reported: return .adopt
            case .notReported, .workerGone:
                if state == .queued { return report == .workerGone ? .resubmitNextTry : .resubmit }
                return .failLost(reason: report == .workerGone
                    ? "lost during scheduler restart: its worker did not come back within the recovery grace"
                    : "lost during scheduler restart: no worker reports it running")
            }
        }
    }

    /// What the workers said about a stored try, at `now`.
    ///
    /// - Parameters:
    ///   - running: whether a registered worker lists the try as running.
    ///   - workerId: the worker the row says runs it (set when the try started; nil while
    ///     queued: then any worker connected before the crash may have it).
    ///   - grace: the recovery grace (who came back, when it ends).
    public static func report(running: Bool, workerId: String?, grace: RecoveryGrace, now: Date) -> TryReport {
        if running { return .reported }
        guard let workerId else {
            guard grace.isOver(at: now) else { return .awaited }
            return grace.someWorkerGone(at: now) ? .workerGone : .notReported
        }
        // Its worker's first heartbeat since the restart did not list it: it does not run there.
        if grace.returned.contains(workerId) { return .notReported }
        if grace.isGone(workerId, at: now) { return .workerGone }
        guard grace.isOver(at: now) else { return .awaited }
        return .notReported
    }
}
