import Foundation
import Logging
import PostgresNIO
import UpdraftCore

extension PostgresStore {
    /// Sets a finished run's state (success also turns its failed and upstream_failed
    /// task instances to success); a queued or running run is left alone. Bumps the change token.
    public func markFinishedDagRun(dagId: String, runId: String, state: DagRunState) async throws -> FinishedRunEdit {
        precondition(state.isFinished, "only success or failed")
        let logger = logger
        return try await externalWrite { connection in
            guard let current = try await Self.runState(connection, dagId: dagId, runId: runId, logger: logger) else {
                return .notFound
            }
            guard current.isFinished else { return .active(current) }
            try await connection.query("""
                UPDATE dag_run SET state = \(state.rawValue) WHERE dag_id = \(dagId) AND run_id = \(runId)
                """, logger: logger)
            if state == .success {
                try await connection.query("""
                    UPDATE task_instance SET state = 'success'
                    WHERE dag_id = \(dagId) AND run_id = \(runId) AND state IN ('failed', 'upstream_failed')
                    """, logger: logger)
            }
            return .done
        }
    }

    /// Sets one task instance of a finished run to success or failed; one of a queued or
    /// running run is left alone. Bumps the change token.
    public func markFinishedTaskInstance(_ id: TaskInstanceID, state: TaskInstanceState) async throws -> FinishedRunEdit {
        precondition(state == .success || state == .failed, "only success or failed")
        let logger = logger
        return try await externalWrite { connection in
            guard let current = try await Self.runState(connection, dagId: id.dagId, runId: id.runId, logger: logger) else {
                return .notFound
            }
            guard current.isFinished else { return .active(current) }
            let changed = try await connection.query("""
                UPDATE task_instance SET state = \(state.rawValue)
                WHERE dag_id = \(id.dagId) AND run_id = \(id.runId) AND task_id = \(id.taskId) AND map_index = \(id.mapIndex)
                RETURNING 1
                """, logger: logger).collect().count
            return changed > 0 ? .done : .notFound
        }
    }

    /// Deletes a finished run with its task instances and XComs; a queued or running run
    /// is left alone. Bumps the change token.
    public func deleteFinishedDagRun(dagId: String, runId: String) async throws -> FinishedRunEdit {
        let logger = logger
        return try await externalWrite { connection in
            guard let current = try await Self.runState(connection, dagId: dagId, runId: runId, logger: logger) else {
                return .notFound
            }
            guard current.isFinished else { return .active(current) }
            for table in ["xcom", "task_instance", "dag_run"] {
                try await connection.query("""
                    DELETE FROM \(unescaped: table) WHERE dag_id = \(dagId) AND run_id = \(runId)
                    """, logger: logger)
            }
            return .done
        }
    }

    private static func runState(_ connection: PostgresConnection, dagId: String, runId: String,
                                 logger: Logger) async throws -> DagRunState? {
        guard let row = try await connection.query("""
            SELECT state FROM dag_run WHERE dag_id = \(dagId) AND run_id = \(runId)
            """, logger: logger).collect().first else { return nil }
        let text = try row.decode(String.self)
        guard let state = DagRunState(rawValue: text) else {
            throw StoreError(.corruptRow, "column state holds unknown value '\(text)'", context: "dag_run \(dagId)/\(runId)")
        }
        return state
    }
}
