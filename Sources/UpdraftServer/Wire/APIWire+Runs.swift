import Foundation
import UpdraftCore
import UpdraftStore

extension APIWire {
    /// One DAG run.
    struct DagRun: Codable, Equatable {
        var dagId: String
        var dagRunId: String
        var logicalDate: String?
        var dataIntervalStart: String?
        var dataIntervalEnd: String?
        var state: String
        var runType: String
        var conf: [String: JSONValue]
        var queuedAt: String?
        var startDate: String?
        var endDate: String?

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", dagRunId = "dag_run_id", logicalDate = "logical_date"
            case dataIntervalStart = "data_interval_start", dataIntervalEnd = "data_interval_end"
            case state, runType = "run_type", conf, queuedAt = "queued_at", startDate = "start_date", endDate = "end_date"
        }

        init(_ run: DagRunRecord) {
            dagId = run.dagId
            dagRunId = run.runId
            logicalDate = APIWire.date(run.logicalDate)
            dataIntervalStart = APIWire.date(run.dataIntervalStart)
            dataIntervalEnd = APIWire.date(run.dataIntervalEnd)
            state = run.state.rawValue
            runType = run.runType.rawValue
            conf = run.conf
            queuedAt = APIWire.date(run.queuedAt)
            startDate = APIWire.date(run.startDate)
            endDate = APIWire.date(run.endDate)
        }
    }

    /// `GET /dags/{dag_id}/dagRuns`.
    struct DagRunCollection: Codable, Equatable {
        var dagRuns: [DagRun]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case dagRuns = "dag_runs", totalEntries = "total_entries" }
    }
}
