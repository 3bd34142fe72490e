import Foundation
import PostgresNIO
import UpdraftCore

extension PostgresStore {
    /// Inserts a new run; `duplicateRun` when the DAG has a run with that run_id or
    /// logical date. Bumps the change token.
    public func createDagRun(_ run: DagRunRecord) async throws {
        let logger = logger
        try await externalWrite { connection in
            let logical = try PostgresWrites.seconds(run.logicalDate, "dag_run \(run.dagId)/\(run.runId) logical_date")
            let clash = try await connection.query("""
                SELECT run_id FROM dag_run WHERE dag_id = \(run.dagId) AND (run_id = \(run.runId) OR logical_date = \(logical))
                LIMIT 1
                """, logger: logger).collect().first
            if let clash {
                let existing = try clash.decode(String.self)
                let what = existing == run.runId ? "run_id '\(run.runId)'"
                    : "logical date \(ISOTimestamp.format(run.logicalDate, in: .gmt)) (run '\(existing)')"
                throw StoreError(.duplicateRun, "DAG '\(run.dagId)' already has a run with \(what)",
                                 context: "dag_run \(run.dagId)/\(run.runId)")
            }
            try await PostgresBatchWrites.runs.run([run], connection, logger: logger)
        }
    }

    /// One run, or nil.
    public func dagRun(dagId: String, runId: String) async throws -> DagRunRecord? {
        try await rows("SELECT * FROM dag_run WHERE dag_id = \(dagId) AND run_id = \(runId)").first.map(PostgresRecords.dagRun)
    }

    /// Runs of a DAG, newest logical date first, only in `states` when given, at most `limit`.
    public func dagRuns(dagId: String, states: Set<DagRunState>?, limit: Int?) async throws -> [DagRunRecord] {
        if let states, states.isEmpty { return [] }
        let names = states.map { $0.map(\.rawValue).sorted() }
        let cap = limit.map { max(0, $0) }
        return try await rows("""
            SELECT * FROM dag_run WHERE dag_id = \(dagId) AND (\(names)::text[] IS NULL OR state = ANY(\(names)::text[]))
            ORDER BY logical_date DESC, run_id DESC LIMIT \(cap)
            """).map(PostgresRecords.dagRun)
    }

    /// Every queued or running run, over all DAGs, oldest logical date first.
    public func activeDagRuns() async throws -> [DagRunRecord] {
        try await rows("""
            SELECT * FROM dag_run WHERE state IN ('queued', 'running') ORDER BY logical_date, dag_id, run_id
            """).map(PostgresRecords.dagRun)
    }

    /// Each DAG's `limit` newest runs and latest scheduled run (two window-function queries).
    public func runDigests(dagIds: [String], limit: Int) async throws -> [String: DagRunDigest] {
        guard !dagIds.isEmpty else { return [:] }
        var out: [String: DagRunDigest] = [:]
        for dagId in dagIds { out[dagId] = DagRunDigest(recent: [], latestScheduled: nil) }
        let recent = try await rows("""
            SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY dag_id ORDER BY logical_date DESC, run_id DESC) AS rn
                           FROM dag_run WHERE dag_id = ANY(\(dagIds))) AS numbered
            WHERE rn <= \(max(0, limit)) ORDER BY dag_id, rn
            """)
        for row in recent {
            let run = try PostgresRecords.dagRun(row)
            out[run.dagId]?.recent.append(run)
        }
        let scheduled = try await rows("""
            SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY dag_id ORDER BY logical_date DESC) AS rn
                           FROM dag_run WHERE run_type = \(DagRunType.scheduled.rawValue) AND dag_id = ANY(\(dagIds))) AS numbered
            WHERE rn = 1
            """)
        for row in scheduled {
            let run = try PostgresRecords.dagRun(row)
            out[run.dagId]?.latestScheduled = run
        }
        return out
    }

    /// The run of `dagId` of type `runType` with the latest logical date.
    public func latestDagRun(dagId: String, runType: DagRunType) async throws -> DagRunRecord? {
        try await rows("""
            SELECT * FROM dag_run WHERE dag_id = \(dagId) AND run_type = \(runType.rawValue)
            ORDER BY logical_date DESC LIMIT 1
            """).first.map(PostgresRecords.dagRun)
    }

    /// Deletes success/failed runs that ended before `cutoff`, with their task instances
    /// and XComs, in one transaction. Returns their keys. Bumps the change token.
    public func deleteFinishedRuns(endedBefore cutoff: Date) async throws -> [(dagId: String, runId: String)] {
        let logger = logger
        let seconds = cutoff.timeIntervalSinceReferenceDate
        let keys: [RunKey] = try await externalWrite { connection in
            var keys: [RunKey] = []
            for try await (dagId, runId) in try await connection.query("""
                DELETE FROM dag_run WHERE state IN ('success', 'failed') AND end_date IS NOT NULL AND end_date < \(seconds)
                RETURNING dag_id, run_id
                """, logger: logger).decode((String, String).self) {
                keys.append(RunKey(dagId: dagId, runId: runId))
            }
            keys.sort { ($0.dagId, $0.runId) < ($1.dagId, $1.runId) }
            let dagIds = keys.map(\.dagId), runIds = keys.map(\.runId)
            for table in ["xcom", "task_instance"] {
                try await connection.query("""
                    DELETE FROM \(unescaped: table) AS t USING unnest(\(dagIds)::text[], \(runIds)::text[]) AS k(dag_id, run_id)
                    WHERE t.dag_id = k.dag_id AND t.run_id = k.run_id
                    """, logger: logger)
            }
            return keys
        }
        return keys.map { (dagId: $0.dagId, runId: $0.runId) }
    }
}
