import Foundation
import UpdraftCore

/// One row of `dag_run`: a DAG run and its state.
public struct DagRunRecord: Sendable, Hashable, Codable {
    /// The DAG.
    public var dagId: String
    /// Unique within the DAG (`manual__2026-11-22T09:00:00+00:00`).
    public var runId: String
    /// Airflow's `logical_date`: the start of the data interval.
    public var logicalDate: Date
    /// Start of the data interval.
    public var dataIntervalStart: Date
    /// End of the data interval.
    public var dataIntervalEnd: Date
    /// queued, running, success, failed.
    public var state: DagRunState
    /// scheduled, manual, backfill.
    public var runType: DagRunType
    /// The JSON object given with a trigger (`--conf`); overrides the DAG's params.
    public var conf: [String: JSONValue]
    /// When the run was created.
    public var queuedAt: Date
    /// When the run went to running.
    public var startDate: Date?
    /// When the run ended.
    public var endDate: Date?

    /// A run record; `conf` empty and dates nil unless given.
    public init(
        dagId: String, runId: String, logicalDate: Date, dataIntervalStart: Date, dataIntervalEnd: Date,
        state: DagRunState = .queued, runType: DagRunType, conf: [String: JSONValue] = [:],
        queuedAt: Date, startDate: Date? = nil, endDate: Date? = nil
    ) {
        self.dagId = dagId
        self.runId = runId
        self.logicalDate = logicalDate
        self.dataIntervalStart = dataIntervalStart
        self.dataIntervalEnd = dataIntervalEnd
        self.state = state
        self.runType = runType
        self.conf = conf
        self.queuedAt = queuedAt
        self.startDate = startDate
        self.endDate = endDate
    }
}
