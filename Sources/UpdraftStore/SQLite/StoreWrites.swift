import Foundation
import GRDB
import UpdraftCore

/// The row writes shared by ``SQLiteStore``'s methods, run inside a write transaction.
/// Statements are cached per connection, so a group commit of thousands of rows
/// prepares each statement once.
enum StoreWrites {
    /// Applies one batch: XComs to clear first, then runs, task instances and XComs.
    static func apply(_ batch: StoreBatch, _ db: Database) throws {
        for id in batch.clearXComsOf { try deleteXComs(of: id, db) }
        for run in batch.dagRuns { try upsert(run, db) }
        for ti in batch.taskInstances { try upsert(ti, db) }
        for xcom in batch.xcoms { try upsert(xcom, db) }
        for worker in batch.workersJoined {
            try db.execute(
                sql: "INSERT OR REPLACE INTO connected_worker (worker_id, hostname, pid, joined_at) VALUES (?, ?, ?, ?)",
                arguments: [worker.workerId, worker.hostname, worker.pid, worker.joinedAt.timeIntervalSinceReferenceDate])
        }
        for workerId in batch.workersLeft {
            try db.execute(sql: "DELETE FROM connected_worker WHERE worker_id = ?", arguments: [workerId])
        }
    }

    /// Inserts or replaces a DAG run (key dag_id, run_id).
    static func upsert(_ run: DagRunRecord, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO dag_run (dag_id, run_id, logical_date, data_interval_start, data_interval_end,
                state, run_type, conf, queued_at, start_date, end_date)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            run.dagId, run.runId, StoreColumns.seconds(run.logicalDate), StoreColumns.seconds(run.dataIntervalStart),
            StoreColumns.seconds(run.dataIntervalEnd), run.state.rawValue, run.runType.rawValue,
            try StoreColumns.json(run.conf), StoreColumns.seconds(run.queuedAt), StoreColumns.seconds(run.startDate),
            StoreColumns.seconds(run.endDate),
        ])
    }

    /// Inserts or updates a task instance (key dag_id, run_id, task_id, map_index). The
    /// hidden `retries` column keeps the `maxTries` of the first insert (the task's
    /// retries), which a clear adds to the try number as Airflow does.
    static func upsert(_ ti: TaskInstanceRecord, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, retries,
                pool, pool_slots, priority_weight, queue, queued_at, start_date, end_date, next_try_at,
                worker_id, hostname, pid, error_message)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dag_id, run_id, task_id, map_index) DO UPDATE SET
                state = excluded.state, try_number = excluded.try_number, max_tries = excluded.max_tries,
                pool = excluded.pool, pool_slots = excluded.pool_slots,
                priority_weight = excluded.priority_weight, queue = excluded.queue,
                queued_at = excluded.queued_at, start_date = excluded.start_date, end_date = excluded.end_date,
                next_try_at = excluded.next_try_at, worker_id = excluded.worker_id,
                hostname = excluded.hostname, pid = excluded.pid, error_message = excluded.error_message
            """)
        try statement.execute(arguments: [
            ti.id.dagId, ti.id.runId, ti.id.taskId, ti.id.mapIndex, ti.state.rawValue, ti.tryNumber, ti.maxTries,
            ti.maxTries, ti.pool, ti.poolSlots, ti.priorityWeight, ti.queue,
            StoreColumns.seconds(ti.queuedAt), StoreColumns.seconds(ti.startDate), StoreColumns.seconds(ti.endDate),
            StoreColumns.seconds(ti.nextTryAt), ti.workerId, ti.hostname, ti.pid, ti.errorMessage,
        ])
    }

    /// Inserts or replaces an XCom value (key: task instance + key).
    static func upsert(_ xcom: XComRecord, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO xcom (dag_id, run_id, task_id, map_index, key, value) VALUES (?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            xcom.id.dagId, xcom.id.runId, xcom.id.taskId, xcom.id.mapIndex, xcom.key, try StoreColumns.json(xcom.value),
        ])
    }

    /// Deletes every XCom value of one task instance.
    static func deleteXComs(of id: TaskInstanceID, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: "DELETE FROM xcom WHERE dag_id = ? AND run_id = ? AND task_id = ? AND map_index = ?")
        try statement.execute(arguments: [id.dagId, id.runId, id.taskId, id.mapIndex])
    }

    /// Adds one to the change token (in the caller's transaction).
    static func bumpChangeToken(_ db: Database) throws {
        try db.execute(sql: "UPDATE change_token SET value = value + 1 WHERE id = 1")
    }
}
