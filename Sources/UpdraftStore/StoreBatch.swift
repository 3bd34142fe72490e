import UpdraftCore

/// Writes that commit together in one transaction: the unit of ``MetaStore/commit(_:)``.
/// Rows are upserted (insert, or replace the row with the same key).
public struct StoreBatch: Sendable, Hashable {
    /// DAG runs to insert or replace (key: dag_id, run_id).
    public var dagRuns: [DagRunRecord] = []
    /// Task instances to insert or replace (key: dag_id, run_id, task_id, map_index).
    public var taskInstances: [TaskInstanceRecord] = []
    /// XCom values to insert or replace (key: task instance + key).
    public var xcoms: [XComRecord] = []
    /// Task instances whose XCom values are deleted first (a new try clears the old values).
    public var clearXComsOf: [TaskInstanceID] = []
    /// Workers that joined (inserted or replaced, key: worker id).
    public var workersJoined: [ConnectedWorkerRecord] = []
    /// Workers that left or were declared lost (deleted by id; applied after the joins).
    public var workersLeft: [String] = []

    /// An empty batch.
    public init() {}

    /// True when there is nothing to write.
    public var isEmpty: Bool {
        dagRuns.isEmpty && taskInstances.isEmpty && xcoms.isEmpty && clearXComsOf.isEmpty
            && workersJoined.isEmpty && workersLeft.isEmpty
    }
}
