import Foundation
import PostgresNIO
import UpdraftCore

extension PostgresStore {
    /// The task instances of one run, by task_id then map_index.
    public func taskInstances(dagId: String, runId: String) async throws -> [TaskInstanceRecord] {
        try await rows("""
            SELECT * FROM task_instance WHERE dag_id = \(dagId) AND run_id = \(runId) ORDER BY task_id, map_index
            """).map(PostgresRecords.taskInstance)
    }

    /// The states of the task instances of `runIds`, in one query. An unknown state name
    /// reads as `none`.
    public func taskInstanceStates(dagId: String, runIds: [String]) async throws -> [String: [TaskInstanceStateRow]] {
        guard !runIds.isEmpty else { return [:] }
        var out: [String: [TaskInstanceStateRow]] = [:]
        for runId in runIds { out[runId] = [] }
        let logger = logger
        let found: [TaskInstanceStateRow] = try await mapErrors {
            try await client.withConnection { connection in
                var found: [TaskInstanceStateRow] = []
                for try await (runId, taskId, mapIndex, state) in try await connection.query("""
                    SELECT run_id, task_id, map_index, state FROM task_instance
                    WHERE dag_id = \(dagId) AND run_id = ANY(\(runIds)) ORDER BY run_id, task_id, map_index
                    """, logger: logger).decode((String, String, Int, String).self) {
                    found.append(TaskInstanceStateRow(runId: runId, taskId: taskId, mapIndex: mapIndex,
                                                      state: TaskInstanceState(rawValue: state) ?? .none))
                }
                return found
            }
        }
        for row in found { out[row.runId, default: []].append(row) }
        return out
    }

    /// Every task instance in one of `states`, over all runs.
    public func taskInstances(inStates states: Set<TaskInstanceState>) async throws -> [TaskInstanceRecord] {
        guard !states.isEmpty else { return [] }
        let names = states.map(\.rawValue).sorted()
        return try await rows("""
            SELECT * FROM task_instance WHERE state = ANY(\(names)) ORDER BY dag_id, run_id, task_id, map_index
            """).map(PostgresRecords.taskInstance)
    }

    /// Clears the task instances of `taskIds` as ``SQLiteStore/clearTaskInstances(dagId:runId:taskIds:)``
    /// does (state none, max_tries = try + retries, XComs deleted, run queued); queued and
    /// running instances are left alone. Bumps the change token.
    public func clearTaskInstances(dagId: String, runId: String, taskIds: Set<String>) async throws -> Int {
        guard !taskIds.isEmpty else { return 0 }
        let ids = taskIds.sorted()
        let logger = logger
        return try await externalWrite { connection in
            var cleared: [(String, Int)] = []
            for try await (taskId, mapIndex) in try await connection.query("""
                UPDATE task_instance SET state = 'none', max_tries = try_number + retries, next_try_at = NULL, queued_at = NULL
                WHERE dag_id = \(dagId) AND run_id = \(runId) AND task_id = ANY(\(ids)) AND state NOT IN ('queued', 'running')
                RETURNING task_id, map_index
                """, logger: logger).decode((String, Int).self) {
                cleared.append((taskId, mapIndex))
            }
            guard !cleared.isEmpty else { return 0 }
            for (taskId, mapIndex) in cleared {
                try await PostgresWrites.deleteXComs(
                    of: TaskInstanceID(dagId: dagId, runId: runId, taskId: taskId, mapIndex: mapIndex), connection,
                    logger: logger)
            }
            try await connection.query("""
                UPDATE dag_run SET state = 'queued', end_date = NULL WHERE dag_id = \(dagId) AND run_id = \(runId)
                """, logger: logger)
            return cleared.count
        }
    }

    /// The XCom values of one run.
    public func xcoms(dagId: String, runId: String) async throws -> [XComRecord] {
        try await rows("""
            SELECT * FROM xcom WHERE dag_id = \(dagId) AND run_id = \(runId) ORDER BY task_id, map_index, key
            """).map(PostgresRecords.xcom)
    }
}
