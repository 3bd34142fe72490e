import UpdraftProtocol

/// One try the worker runs.
struct WorkerRunningTry: Sendable {
    /// How it is stopped early.
    let control: TryControl
    /// True once the executor was lost: the try is being killed and its end is not reported.
    var dropResult = false
}

extension WireTaskInstanceKey {
    /// `dag_id/run_id/task_id[map_index]#try_number`, for logs and ordering.
    var textForm: String { "\(dagID)/\(runID)/\(taskID)[\(mapIndex)]#\(tryNumber)" }

    /// The task instance without the try number (two tries of it must never run at once).
    var instanceForm: String { "\(dagID)/\(runID)/\(taskID)[\(mapIndex)]" }
}
