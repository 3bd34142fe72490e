/// Which task instance: a task of a DAG run, and its map index (-1 when not mapped).
/// The try number is not part of the identity: a retry is the same task instance.
public struct TaskInstanceID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The DAG.
    public var dagId: String
    /// The DAG run.
    public var runId: String
    /// The task, with its group prefix.
    public var taskId: String
    /// The map index; -1 for a task that is not mapped.
    public var mapIndex: Int

    /// A task instance id.
    public init(dagId: String, runId: String, taskId: String, mapIndex: Int = -1) {
        self.dagId = dagId
        self.runId = runId
        self.taskId = taskId
        self.mapIndex = mapIndex
    }

    /// `dag_id/run_id/task_id[map_index]` (map index only when mapped).
    public var description: String {
        "\(dagId)/\(runId)/\(taskId)" + (mapIndex >= 0 ? "[\(mapIndex)]" : "")
    }

    /// Orders by DAG, run, task, then map index.
    public static func < (a: Self, b: Self) -> Bool {
        (a.dagId, a.runId, a.taskId, a.mapIndex) < (b.dagId, b.runId, b.taskId, b.mapIndex)
    }
}
