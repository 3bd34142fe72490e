import Foundation
import GRDB
import UpdraftCore

extension SQLiteStore {
    /// Sets a finished run's state to `state` (success or failed). Marking success also
    /// marks its failed and upstream_failed task instances success (Airflow's "mark
    /// success"). A queued or running run is left alone. Bumps the change token.
    public func markFinishedDagRun(dagId: String, runId: String, state: DagRunState) async throws -> FinishedRunEdit {
        precondition(state.isFinished, "only success or failed")
        return try await externalWrite { db in
            guard let current = try Self.runState(db, dagId: dagId, runId: runId) else { return .notFound }
            guard current.isFinished else { return .active(current) }
            try db.execute(sql: "UPDATE dag_run SET state = ? WHERE dag_id = ? AND run_id = ?",
                           arguments: [state.rawValue, dagId, runId])
            if state == .success {
                try db.execute(sql: """
                    UPDATE task_instance SET state = 'success'
                    WHERE dag_id = ? AND run_id = ? AND state IN ('failed', 'upstream_failed')
                    """, arguments: [dagId, runId])
            }
            return .done
        }
    }

    /// Sets one task instance of a finished run to `state` (success or failed), its try
    /// details kept; the run's own state is left as it is (as Airflow's: a run's state is
    /// changed with ``markFinishedDagRun(dagId:runId:state:)``). A task instance of a queued
    /// or running run is left alone (its scheduler keeps it in memory). `.notFound` when the
    /// run or the instance does not exist. Bumps the change token.
    public func markFinishedTaskInstance(_ id: TaskInstanceID, state: TaskInstanceState) async throws -> FinishedRunEdit {
        precondition(state == .success || state == .failed, "only success or failed")
        return try await externalWrite { db in
            guard let current = try Self.runState(db, dagId: id.dagId, runId: id.runId) else { return .notFound }
            guard current.isFinished else { return .active(current) }
            try db.execute(sql: """
                UPDATE task_instance SET state = ?
                WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?
                """, arguments: [state.rawValue, id.dagId, id.runId, id.taskId, id.mapIndex])
            return db.changesCount > 0 ? .done : .notFound
        }
    }

    /// Deletes a finished run with its task instances and XComs (not its log files). A
    /// queued or running run is left alone. Bumps the change token.
    public func deleteFinishedDagRun(dagId: String, runId: String) async throws -> FinishedRunEdit {
        try await externalWrite { db in
            guard let current = try Self.runState(db, dagId: dagId, runId: runId) else { return .notFound }
            guard current.isFinished else { return .active(current) }
            for table in ["xcom", "task_instance", "dag_run"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE dag_id = ? AND run_id = ?", arguments: [dagId, runId])
            }
            return .done
        }
    }

    private static func runState(_ db: Database, dagId: String, runId: String) throws -> DagRunState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT state FROM dag_run WHERE dag_id = ? AND run_id = ?",
                                         arguments: [dagId, runId]) else { return nil }
        return try StoreColumns.decodeEnum(DagRunState.self, row, "state", table: "dag_run", key: "\(dagId)/\(runId)")
    }
}
