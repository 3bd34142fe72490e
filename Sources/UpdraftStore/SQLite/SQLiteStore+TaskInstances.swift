import Foundation
import GRDB
import UpdraftCore

extension SQLiteStore {
    /// The task instances of one run, by task_id then map_index.
    public func taskInstances(dagId: String, runId: String) async throws -> [TaskInstanceRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM task_instance WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index
                """, arguments: [dagId, runId]).map(StoreRows.taskInstance)
        }
    }

    /// The states of the task instances of `runIds`, in one query that reads four columns
    /// by position (decoding whole records by column name was most of a 1,000 × 25 grid's
    /// time). An unknown state name reads as `none`.
    public func taskInstanceStates(dagId: String, runIds: [String]) async throws -> [String: [TaskInstanceStateRow]] {
        guard !runIds.isEmpty else { return [:] }
        return try await read { db in
            var out: [String: [TaskInstanceStateRow]] = [:]
            for runId in runIds { out[runId] = [] }
            let rows = try Row.fetchCursor(db, sql: """
                SELECT run_id, task_id, map_index, state FROM task_instance
                WHERE dag_id = ? AND run_id IN (\(databaseQuestionMarks(count: runIds.count))) ORDER BY run_id, task_id, map_index
                """, arguments: StatementArguments([dagId] + runIds))
            while let row = try rows.next() {
                let runId: String = row[0]
                let state: String = row[3]
                out[runId, default: []].append(TaskInstanceStateRow(
                    runId: runId, taskId: row[1], mapIndex: row[2], state: TaskInstanceState(rawValue: state) ?? .none))
            }
            return out
        }
    }

    /// Every task instance in one of `states`, over all runs.
    public func taskInstances(inStates states: Set<TaskInstanceState>) async throws -> [TaskInstanceRecord] {
        guard !states.isEmpty else { return [] }
        let names = states.map(\.rawValue).sorted()
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM task_instance WHERE state IN (\(databaseQuestionMarks(count: names.count)))
                ORDER BY dag_id, run_id, task_id, map_index
                """, arguments: StatementArguments(names)).map(StoreRows.taskInstance)
        }
    }

    /// Sets the task instances of `taskIds` (every map index) in the run back to `none`,
    /// as Airflow's clear does: the try number is kept, `maxTries` becomes the try number
    /// plus the task's retries, the retry time and queue time are reset, their XComs are
    /// deleted, and the run goes back to queued (end date cleared).
    ///
    /// Instances that are queued or running are left alone (clearing them would let the
    /// scheduler start a second copy while the first still runs); they are not counted.
    /// Returns how many instances were cleared; when none, the run is unchanged. Bumps the
    /// change token.
    public func clearTaskInstances(dagId: String, runId: String, taskIds: Set<String>) async throws -> Int {
        guard !taskIds.isEmpty else { return 0 }
        let ids = taskIds.sorted()
        return try await externalWrite { db in
            let cleared = try Row.fetchAll(db, sql: """
                SELECT dag_id, run_id, task_id, map_index FROM task_instance
                WHERE dag_id = ? AND run_id = ? AND task_id IN (\(databaseQuestionMarks(count: ids.count)))
                    AND state NOT IN ('queued', 'running')
                """, arguments: StatementArguments([dagId, runId]) + StatementArguments(ids)).map(StoreRows.taskInstanceID)
            guard !cleared.isEmpty else { return 0 }
            let reset = try db.cachedStatement(sql: """
                UPDATE task_instance SET state = 'none', max_tries = try_number + retries,
                    next_try_at = NULL, queued_at = NULL
                WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?
                """)
            for id in cleared {
                try StoreWrites.deleteXComs(of: id, db)
                try reset.execute(arguments: [id.dagId, id.runId, id.taskId, id.mapIndex])
            }
            try db.execute(sql: "UPDATE dag_run SET state = 'queued', end_date = NULL WHERE dag_id = ? AND run_id = ?",
                           arguments: [dagId, runId])
            return cleared.count
        }
    }

    /// The XCom values of one run.
    public func xcoms(dagId: String, runId: String) async throws -> [XComRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM xcom WHERE dag_id = ? AND run_id = ? ORDER BY task_id, map_index, key
                """, arguments: [dagId, runId]).map(StoreRows.xcom)
        }
    }
}
