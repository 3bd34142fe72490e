import Foundation
import Logging
import PostgresNIO
import UpdraftCore

/// The row writes shared by ``PostgresStore``'s methods, run inside its transactions.
enum PostgresWrites {
    /// Applies one batch: XComs to clear first, then runs, task instances, XComs, workers.
    static func apply(_ batch: StoreBatch, _ connection: PostgresConnection, logger: Logger) async throws {
        for id in batch.clearXComsOf { try await deleteXComs(of: id, connection, logger: logger) }
        // One statement per table whatever the batch size (a one-row batch is a one-row insert).
        if !batch.dagRuns.isEmpty {
            try await PostgresBatchWrites.runs.run(
                PostgresBatchWrites.runs.lastPerKey(batch.dagRuns) { [$0.dagId, $0.runId] }, connection, logger: logger)
        }
        if !batch.taskInstances.isEmpty {
            try await PostgresBatchWrites.taskInstances.run(PostgresBatchWrites.firstInsertRetries(batch.taskInstances),
                                                            connection, logger: logger)
        }
        if !batch.xcoms.isEmpty {
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

    /// The most values one statement of ``oneStatement(_:)`` binds (PostgreSQL takes 65,535).
    static let oneStatementParameterLimit = 30_000

    /// `batches` (a group commit) as ONE statement: the data version bump and each table's
    /// upsert as data-modifying `WITH` clauses, committed on its own (autocommit). One round
    /// trip and one commit instead of BEGIN, one statement per table and COMMIT: the
    /// scheduler's common step (a result stored, the next tries queued) waits for a single
    /// fsync'd round trip. All or nothing, as the transaction is. Nil when the batches need
    /// more than upserts (XComs cleared, workers joining or leaving) or more values than
    /// one statement binds; they then go through ``apply(_:_:logger:)`` in a transaction.
    /// With `fence`, the bump calls `updraft_fence()`, which fails the whole statement
    /// (nothing written) when that lease is no longer held.
    static func oneStatement(_ batches: [StoreBatch], fence: SchedulerLease? = nil) throws -> PostgresQuery? {
        guard batches.allSatisfy({ $0.clearXComsOf.isEmpty && $0.workersJoined.isEmpty && $0.workersLeft.isEmpty })
        else { return nil }
        // One upsert cannot touch a row twice: the batches merge, the last write of a key winning.
        let runs = PostgresBatchWrites.runs.lastPerKey(batches.flatMap(\.dagRuns)) { [$0.dagId, $0.runId] }
        let taskInstances = PostgresBatchWrites.firstInsertRetries(batches.flatMap(\.taskInstances))
        let xcoms = PostgresBatchWrites.xcoms.lastPerKey(batches.flatMap(\.xcoms)) { BatchXComKey(id: $0.id, key: $0.key) }
        let values = runs.count * PostgresBatchWrites.runs.columns.count
            + taskInstances.count * PostgresBatchWrites.taskInstances.columns.count
            + xcoms.count * PostgresBatchWrites.xcoms.columns.count
        guard values > 0, values <= oneStatementParameterLimit else { return nil }
        var binds = PostgresBindings(capacity: values)
        var upserts: [String] = []
        if !runs.isEmpty { upserts.append(try PostgresBatchWrites.runs.statement(runs, binds: &binds)) }
        if !taskInstances.isEmpty {
            upserts.append(try PostgresBatchWrites.taskInstances.statement(taskInstances, binds: &binds))
        }
        if !xcoms.isEmpty { upserts.append(try PostgresBatchWrites.xcoms.statement(xcoms, binds: &binds)) }
        var fenced = ""
        if let fence {
            binds.append(fence.holder)
            binds.append(fence.token)
            fenced = " AND updraft_fence($\(binds.count - 1), $\(binds.count))"
        }
        var clauses = ["bump AS (UPDATE store_version SET data_version = data_version + 1 WHERE id = 1\(fenced))"]
        for (i, upsert) in upserts.dropLast().enumerated() { clauses.append("w\(i) AS (\(upsert))") }
        let sql = "WITH " + clauses.joined(separator: ", ") + " " + upserts[upserts.count - 1]
        return PostgresQuery(unsafeSQL: sql, binds: binds)
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

    /// Fails (``StoreError/Code/leaseLost`` through `updraft_fence()`) unless `lease` is still
    /// held; holds the lease row shared until the transaction ends, so a takeover waits for it.
    static func checkFence(_ lease: SchedulerLease, _ connection: PostgresConnection, logger: Logger) async throws {
        // Collected: a SELECT's error surfaces while its rows are read.
        _ = try await connection.query("SELECT updraft_fence(\(lease.holder), \(lease.token))", logger: logger).collect()
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
