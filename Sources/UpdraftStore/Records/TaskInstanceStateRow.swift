import UpdraftCore

/// The state of one task instance without the rest of its record: what the web UI's grid
/// and graph colour their cells with (``MetaStore/taskInstanceStates(dagId:runIds:)``).
public struct TaskInstanceStateRow: Sendable, Hashable {
    public var runId: String
    public var taskId: String
    /// -1 when the task is not mapped.
    public var mapIndex: Int
    public var state: TaskInstanceState

    /// A row.
    public init(runId: String, taskId: String, mapIndex: Int, state: TaskInstanceState) {
        self.runId = runId
        self.taskId = taskId
        self.mapIndex = mapIndex
        self.state = state
    }
}
