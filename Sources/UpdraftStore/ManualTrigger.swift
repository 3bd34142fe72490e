import Foundation
import UpdraftCore

/// A manual DAG run, as `updraft dags trigger` and `POST /api/v1/dags/{dag_id}/dagRuns`
/// create it: run id `manual__<logical date>` (Airflow's) unless one is given, logical date
/// now (whole seconds) unless given, data interval from the DAG's timetable (the exact
/// instant when the definition is not readable), state queued.
public enum ManualTrigger {
    /// The run to insert.
    public static func run(dagId: String, definition: Dag?, logicalDate: Date?, runId: String? = nil,
                           conf: [String: JSONValue], now: Date) -> DagRunRecord {
        let logical = logicalDate ?? Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let info = definition.map { $0.timetable.manualRun(logicalDate: logical) } ?? DagRunInfo.exact(logical)
        return DagRunRecord(
            dagId: dagId, runId: runId ?? DagRunType.manual.runId(logicalDate: logical), logicalDate: logical,
            dataIntervalStart: info.dataInterval.start, dataIntervalEnd: info.dataInterval.end,
            state: .queued, runType: .manual, conf: conf, queuedAt: now)
    }

    /// Creates the run in `store`. Throws ``StoreError`` `duplicateRun` when the DAG has a run
    /// with that id or logical date.
    public static func trigger(in store: some MetaStore, dagId: String, definition: Dag?, logicalDate: Date?,
                               runId: String? = nil, conf: [String: JSONValue], now: Date) async throws -> DagRunRecord {
        let run = run(dagId: dagId, definition: definition, logicalDate: logicalDate, runId: runId, conf: conf, now: now)
        try await store.createDagRun(run)
        return run
    }
}
