import UpdraftProtocol

/// A stable order and a readable form for task instance keys (logs, deterministic reports).
enum KeyOrder {
    /// By dag_id, run_id, task_id, map_index, try_number.
    static func less(_ a: WireTaskInstanceKey, _ b: WireTaskInstanceKey) -> Bool {
        (a.dagID, a.runID, a.taskID, a.mapIndex, a.tryNumber) < (b.dagID, b.runID, b.taskID, b.mapIndex, b.tryNumber)
    }

    /// `dag.task[map] run try N`.
    static func text(_ key: WireTaskInstanceKey) -> String {
        let mapped = key.mapIndex >= 0 ? "[\(key.mapIndex)]" : ""
        return "\(key.dagID).\(key.taskID)\(mapped) run \(key.runID) try \(key.tryNumber)"
    }
}
