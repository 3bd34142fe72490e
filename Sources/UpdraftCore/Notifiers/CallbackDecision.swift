/// Which callback fires for a state change: pure, so every case is tested without sockets.
///
/// Rules (Airflow's): `failure` when a task instance becomes `failed` (not `upstream_failed`:
/// it never ran), `retry` when it becomes `up_for_retry`, `success` when it becomes `success`,
/// `skipped` when a try itself ended `skipped` (it was queued or running; tasks skipped by a
/// branch or a trigger rule never ran). A run fires `success` or `failure` once, when it
/// ends. A change to the same state fires nothing, so a duplicate event never fires twice.
public enum CallbackDecision {
    /// The task event for a change from `old` to `new`, nil when none fires.
    public static func taskEvent(from old: TaskInstanceState?, to new: TaskInstanceState) -> CallbackEvent? {
        guard old != new else { return nil }
        switch new {
        case .failed: return .failure
        case .upForRetry: return .retry
        case .success: return .success
        case .skipped: return old == .queued || old == .running || old == .upForReschedule || old == .deferred ? .skipped : nil
        default: return nil
        }
    }

    /// The run event for a run that moved from `old` to `new`, nil when none fires.
    public static func runEvent(from old: DagRunState, to new: DagRunState) -> CallbackEvent? {
        guard old != new, !old.isFinished else { return nil }
        switch new {
        case .success: return .success
        case .failed: return .failure
        default: return nil
        }
    }

    /// The notifiers to deliver for a task change: the task's list for the event (empty
    /// when no callback fires or none is configured).
    public static func notifiers(for task: TaskSpec, from old: TaskInstanceState?, to new: TaskInstanceState)
        -> (event: CallbackEvent, notifiers: [NotifierSpec])? {
        guard let event = taskEvent(from: old, to: new) else { return nil }
        let list = task.callbacks[event]
        return list.isEmpty ? nil : (event, list)
    }

    /// The notifiers to deliver for a run change of `dag`.
    public static func notifiers(for dag: Dag, from old: DagRunState, to new: DagRunState)
        -> (event: CallbackEvent, notifiers: [NotifierSpec])? {
        guard let event = runEvent(from: old, to: new) else { return nil }
        let list = dag.callbacks[event]
        return list.isEmpty ? nil : (event, list)
    }
}
