/// Dynamic task mapping (Airflow's `expand`): one task instance per item, numbered by
/// `map_index` from 0; each instance sees its item as `{{ item }}`.
public enum TaskExpansion: Sendable, Hashable {
    /// Map over a list written in the DAG.
    case items([JSONValue])
    /// Map over the list an upstream task pushed to XCom (key `return_value` unless given).
    /// The upstream task becomes a dependency of the mapped task.
    case xcom(taskId: String, key: String?)

    /// The task id this expansion reads from, if any.
    public var sourceTaskId: String? {
        if case .xcom(let id, _) = self { return id }
        return nil
    }
}
