import UpdraftCore

/// What ``MetaStore/markFinishedDagRun(dagId:runId:state:)`` and
/// ``MetaStore/deleteFinishedDagRun(dagId:runId:)`` did.
///
/// Only finished runs (success or failed) are edited from outside the scheduler: a queued or
/// running run is driven by a scheduler that keeps it in memory and would write its own
/// state over the edit (and a deleted run it still drives would come back).
public enum FinishedRunEdit: Sendable, Hashable {
    /// The run was changed (or deleted).
    case done
    /// The DAG has no such run.
    case notFound
    /// The run is queued or running: left as it is.
    case active(DagRunState)
}
