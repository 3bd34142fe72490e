import Foundation
import GRDB
import UpdraftCore

extension SQLiteStore {
    /// Inserts a new run; `duplicateRun` when the DAG has a run with that run_id or
    /// logical date. Bumps the change token.
    public func createDagRun(_ run: DagRunRecord) async throws {
        try await externalWrite { db in
            let clash = try Row.fetchOne(db, sql: """
                SELECT run_id FROM dag_run WHERE dag_id = ? AND (run_id = ? OR logical_date = ?) LIMIT 1
                """, arguments: [run.dagId, run.runId, StoreColumns.seconds(run.logicalDate)])
            if let clash {
                let existing: String = clash["run_id"]
                let what = existing == run.runId ? "run_id '\(run.runId)'"
                    : "logical date \(ISOTimestamp.format(run.logicalDate, in: .gmt)) (run '\(existing)')"
                throw StoreError(.duplicateRun, "DAG '\(run.dagId)' already has a run with \(what)",
                                 context: "dag_run \(run.dagId)/\(run.runId)")
            }
            try StoreWrites.upsert(run, db)
        }
    }

    /// One run, or nil.
    public func dagRun(dagId: String, runId: String) async throws -> DagRunRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dag_run WHERE dag_id = ? AND run_id = ?",
                             arguments: [dagId, runId]).map(StoreRows.dagRun)
        }
    }

    /// Runs of a DAG, newest logical date first, only in `states` when given, at most `limit`.
    public func dagRuns(dagId: String, states: Set<DagRunState>?, limit: Int?) async throws -> [DagRunRecord] {
        var sql = "SELECT * FROM dag_run WHERE dag_id = ?"
        var arguments: StatementArguments = [dagId]
        if let states {
            guard !states.isEmpty else { return [] }
            let names = states.map(\.rawValue).sorted()
            sql += " AND state IN (\(databaseQuestionMarks(count: names.count)))"
            arguments += StatementArguments(names)
        }
        sql += " ORDER BY logical_date DESC, run_id DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments += [max(0, limit)]
        }
        let query = sql, values = arguments
        return try await read { db in try Row.fetchAll(db, sql: query, arguments: values).map(StoreRows.dagRun) }
    }

    /// Every queued or running run, over all DAGs, oldest logical date first.
    public func activeDagRuns() async throws -> [DagRunRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM dag_run WHERE state IN ('queued', 'running') ORDER BY logical_date, dag_id, run_id
                """).map(StoreRows.dagRun)
        }
    }

    /// The run of `dagId` of type `runType` with the latest logical date.
    /// Each DAG's `limit` newest runs and latest scheduled run, in one read transaction (two
    /// window-function queries instead of two queries per DAG).
    public func runDigests(dagIds: [String], limit: Int) async throws -> [String: DagRunDigest] {
        guard !dagIds.isEmpty else { return [:] }
        let marks = databaseQuestionMarks(count: dagIds.count)
        let ids = StatementArguments(dagIds)
        return try await read { db in
            var out: [String: DagRunDigest] = [:]
            for dagId in dagIds { out[dagId] = DagRunDigest(recent: [], latestScheduled: nil) }
            let recent = try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY dag_id ORDER BY logical_date DESC, run_id DESC) AS rn
                               FROM dag_run WHERE dag_id IN (\(marks)))
                WHERE rn <= ? ORDER BY dag_id, rn
                """, arguments: ids + [max(0, limit)])
            for row in recent {
                let run = try StoreRows.dagRun(row)
                out[run.dagId]?.recent.append(run)
            }
            let scheduled = try Row.fetchAll(db, sql: """
                SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY dag_id ORDER BY logical_date DESC) AS rn
                               FROM dag_run WHERE run_type = ? AND dag_id IN (\(marks)))
                WHERE rn = 1
                """, arguments: [DagRunType.scheduled.rawValue] + ids)
            for row in scheduled {
                let run = try StoreRows.dagRun(row)
                out[run.dagId]?.latestScheduled = run
            }
            return out
        }
    }

    public func latestDagRun(dagId: String, runType: DagRunType) async throws -> DagRunRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM dag_run WHERE dag_id = ? AND run_type = ? ORDER BY logical_date DESC LIMIT 1
                """, arguments: [dagId, runType.rawValue]).map(StoreRows.dagRun)
        }
    }

    /// Deletes success/failed runs that ended before `cutoff`, with their task instances
    /// and XComs, in one transaction. Returns their keys. Bumps the change token.
    public func deleteFinishedRuns(endedBefore cutoff: Date) async throws -> [(dagId: String, runId: String)] {
        let keys: [RunKey] = try await externalWrite { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT dag_id, run_id FROM dag_run
                WHERE state IN ('success', 'failed') AND end_date IS NOT NULL AND end_date < ?
                ORDER BY dag_id, run_id
                """, arguments: [StoreColumns.seconds(cutoff)])
            let keys = rows.map { RunKey(dagId: $0["dag_id"], runId: $0["run_id"]) }
            for table in ["xcom", "task_instance", "dag_run"] {
                let statement = try db.makeStatement(sql: "DELETE FROM \(table) WHERE dag_id = ? AND run_id = ?")
                for key in keys { try statement.execute(arguments: [key.dagId, key.runId]) }
            }
            return keys
        }
        return keys.map { (dagId: $0.dagId, runId: $0.runId) }
    }
}

/// A run's key (tuples are not Sendable results of GRDB closures).
struct RunKey: Sendable, Hashable {
    var dagId: String
    var runId: String
}
