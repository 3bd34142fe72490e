import Foundation
import Logging
import PostgresNIO
import UpdraftCore

/// The row writes shared by ``PostgresStore``'s methods, run inside its transactions.
enum PostgresWrites {
    /// Applies one batch: XComs to clear first, then runs, task instances, XComs, workers.
    static func apply(_ batch: StoreBatch, _ connection: PostgresConnection, logger: Logger) async throws {
        for id in batch.clearXComsOf { try await deleteXComs(of: id, connection, logger: logger) }
        if batch.dagRuns.count == 1 {
            try await upsert(batch.dagRuns[0], connection, logger: logger)
        } else if !batch.dagRuns.isEmpty {
            try await PostgresBatchWrites.runs.run(
                PostgresBatchWrites.runs.lastPerKey(batch.dagRuns) { [$0.dagId, $0.runId] }, connection, logger: logger)
        }
        if batch.taskInstances.count == 1 {
            try await upsert(batch.taskInstances[0], connection, logger: logger)
        } else if !batch.taskInstances.isEmpty {
            try await PostgresBatchWrites.taskInstances.run(PostgresBatchWrites.firstInsertRetries(batch.taskInstances),
                                                            connection, logger: logger)
        }
        if batch.xcoms.count == 1 {
            try await upsert(batch.xcoms[0], connection, logger: logger)
        } else if !batch.xcoms.isEmpty {
            try await PostgresBatchWrites.xcoms.run(
                PostgresBatchWrites.xcoms.lastPerKey(batch.xcoms) { BatchXComKey(id: $0.id, key: $0.key) }, connection,
                logger: logger)
        }
        for worker in batch.workersJoined {
            let joined = try seconds(worker.joinedAt, "connected_worker \(worker.workerId) joined_at")
            try await connection.query("""
                INSERT INTO connected_worker (worker_id, hostname, pid, joined_at)
                VALUES (\(worker.workerId), \(worker.hostname), \(worker.pid), \(joined))
                ON CONFLICT (worker_id) DO UPDATE SET hostname = excluded.hostname, pid = excluded.pid,
                    joined_at = excluded.joined_at
                """, logger: logger)
        }
        for workerId in batch.workersLeft {
            try await connection.query("DELETE FROM connected_worker WHERE worker_id = \(workerId)", logger: logger)
        }
    }

    /// Inserts or replaces a DAG run (key dag_id, run_id).
    static func upsert(_ run: DagRunRecord, _ connection: PostgresConnection, logger: Logger) async throws {
        let key = "dag_run \(run.dagId)/\(run.runId)"
        let logical = try seconds(run.logicalDate, "\(key) logical_date")
        let start = try seconds(run.dataIntervalStart, "\(key) data_interval_start")
        let end = try seconds(run.dataIntervalEnd, "\(key) data_interval_end")
        let queued = try seconds(run.queuedAt, "\(key) queued_at")
        let started = try seconds(run.startDate, "\(key) start_date")
        let ended = try seconds(run.endDate, "\(key) end_date")
        let conf = try StoreColumns.json(run.conf)
        try await connection.query("""
            INSERT INTO dag_run (dag_id, run_id, logical_date, data_interval_start, data_interval_end, state, run_type,
                conf, queued_at, start_date, end_date)
            VALUES (\(run.dagId), \(run.runId), \(logical), \(start), \(end), \(run.state.rawValue),
                \(run.runType.rawValue), \(conf), \(queued), \(started), \(ended))
            ON CONFLICT (dag_id, run_id) DO UPDATE SET logical_date = excluded.logical_date,
                data_interval_start = excluded.data_interval_start, data_interval_end = excluded.data_interval_end,
                state = excluded.state, run_type = excluded.run_type, conf = excluded.conf,
                queued_at = excluded.queued_at, start_date = excluded.start_date, end_date = excluded.end_date
            """, logger: logger)
    }

    /// Inserts or updates a task instance; `retries` keeps the `maxTries` of the first
    /// insert (what a clear adds to the try number), as in ``StoreWrites``.
    static func upsert(_ ti: TaskInstanceRecord, _ connection: PostgresConnection, logger: Logger) async throws {
        let key = "task_instance \(ti.id)"
        let queued = try seconds(ti.queuedAt, "\(key) queued_at")
        let started = try seconds(ti.startDate, "\(key) start_date")
        let ended = try seconds(ti.endDate, "\(key) end_date")
        let nextTry = try seconds(ti.nextTryAt, "\(key) next_try_at")
        try await connection.query("""
            INSERT INTO task_instance (dag_id, run_id, task_id, map_index, state, try_number, max_tries, retries,
                pool, pool_slots, priority_weight, queue, queued_at, start_date, end_date, next_try_at,
                worker_id, hostname, pid, error_message)
            VALUES (\(ti.id.dagId), \(ti.id.runId), \(ti.id.taskId), \(ti.id.mapIndex), \(ti.state.rawValue),
                \(ti.tryNumber), \(ti.maxTries), \(ti.maxTries), \(ti.pool), \(ti.poolSlots), \(ti.priorityWeight),
                \(ti.queue), \(queued), \(started), \(ended), \(nextTry), \(ti.workerId), \(ti.hostname), \(ti.pid),
                \(ti.errorMessage))
            ON CONFLICT (dag_id, run_id, task_id, map_index) DO UPDATE SET
                state = excluded.state, try_number = excluded.try_number, max_tries = excluded.max_tries,
                pool = excluded.pool, pool_slots = excluded.pool_slots,
                priority_weight = excluded.priority_weight, queue = excluded.queue,
                queued_at = excluded.queued_at, start_date = excluded.start_date, end_date = excluded.end_date,
                next_try_at = excluded.next_try_at, worker_id = excluded.worker_id,
                hostname = excluded.hostname, pid = excluded.pid, error_message = excluded.error_message
            """, logger: logger)
    }

    /// Inserts or replaces an XCom value (key: task instance + key).
    static func upsert(_ xcom: XComRecord, _ connection: PostgresConnection, logger: Logger) async throws {
        let value = try StoreColumns.json(xcom.value)
        try await connection.query("""
            INSERT INTO xcom (dag_id, run_id, task_id, map_index, key, value)
            VALUES (\(xcom.id.dagId), \(xcom.id.runId), \(xcom.id.taskId), \(xcom.id.mapIndex), \(xcom.key), \(value))
            ON CONFLICT (dag_id, run_id, task_id, map_index, key) DO UPDATE SET value = excluded.value
            """, logger: logger)
    }

    /// Deletes every XCom value of one task instance.
    static func deleteXComs(of id: TaskInstanceID, _ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("""
            DELETE FROM xcom WHERE dag_id = \(id.dagId) AND run_id = \(id.runId) AND task_id = \(id.taskId)
                AND map_index = \(id.mapIndex)
            """, logger: logger)
    }

    /// Bumps the data version, and the change token when `external`: the first statement
    /// of every write transaction, so writers take turns on this row.
    static func bumpVersion(_ connection: PostgresConnection, external: Bool, logger: Logger) async throws {
        if external {
            try await connection.query("""
                UPDATE store_version SET change_token = change_token + 1, data_version = data_version + 1 WHERE id = 1
                """, logger: logger)
        } else {
            try await connection.query("UPDATE store_version SET data_version = data_version + 1 WHERE id = 1",
                                       logger: logger)
        }
    }

    /// Seconds since 2001-01-01 for a date column; `invalidArgument` for a date that is not
    /// finite (SQLite turns NaN into NULL; PostgreSQL would store it).
    static func seconds(_ date: Date?, _ what: @autoclosure () -> String) throws -> Double? {
        guard let value = date?.timeIntervalSinceReferenceDate else { return nil }
        guard value.isFinite else { throw StoreError(.invalidArgument, "date is not finite", context: what()) }
        return value
    }

    static func seconds(_ date: Date, _ what: @autoclosure () -> String) throws -> Double {
        let value = date.timeIntervalSinceReferenceDate
        guard value.isFinite else { throw StoreError(.invalidArgument, "date is not finite", context: what()) }
        return value
    }
}
