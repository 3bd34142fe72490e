import Foundation
import UpdraftCore
import UpdraftProtocol

/// The environment of a bash task: the worker's own, then the context variables
/// (`UPDRAFT_*` and Airflow's `AIRFLOW_CTX_*`), then the dispatch's `env`, then
/// `UPDRAFT_XCOM` (the file the task may write key/value XCom JSON to).
enum TaskEnvironment {
    /// The full environment for `dispatch`.
    static func build(base: [String: String], dispatch: WireTaskDispatch, xcomPath: String) -> [String: String] {
        var env = base
        for (name, value) in contextVariables(dispatch) { env[name] = value }
        for (name, value) in dispatch.env { env[name] = value }
        env["UPDRAFT_XCOM"] = xcomPath
        return env
    }

    /// `UPDRAFT_DAG_ID`, `UPDRAFT_TASK_ID`, `UPDRAFT_RUN_ID`, `UPDRAFT_TRY_NUMBER`,
    /// `UPDRAFT_MAP_INDEX`, `UPDRAFT_LOGICAL_DATE` (ISO 8601, UTC) and the `AIRFLOW_CTX_*`
    /// equivalents (`AIRFLOW_CTX_DAG_ID`, `_TASK_ID`, `_DAG_RUN_ID`, `_TRY_NUMBER`,
    /// `_MAP_INDEX`, `_LOGICAL_DATE`, `_EXECUTION_DATE`).
    static func contextVariables(_ dispatch: WireTaskDispatch) -> [String: String] {
        let key = dispatch.key
        let logicalDate = isoDate(unixMicros: dispatch.logicalDateUnixUs)
        return [
            "UPDRAFT_DAG_ID": key.dagID,
            "UPDRAFT_TASK_ID": key.taskID,
            "UPDRAFT_RUN_ID": key.runID,
            "UPDRAFT_TRY_NUMBER": String(key.tryNumber),
            "UPDRAFT_MAP_INDEX": String(key.mapIndex),
            "UPDRAFT_LOGICAL_DATE": logicalDate,
            "AIRFLOW_CTX_DAG_ID": key.dagID,
            "AIRFLOW_CTX_TASK_ID": key.taskID,
            "AIRFLOW_CTX_DAG_RUN_ID": key.runID,
            "AIRFLOW_CTX_TRY_NUMBER": String(key.tryNumber),
            "AIRFLOW_CTX_MAP_INDEX": String(key.mapIndex),
            "AIRFLOW_CTX_LOGICAL_DATE": logicalDate,
            "AIRFLOW_CTX_EXECUTION_DATE": logicalDate,
        ]
    }

    /// `2026-11-22T00:00:00+00:00` for a Unix time in microseconds.
    static func isoDate(unixMicros: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(unixMicros) / 1_000_000)
        return ISOTimestamp.format(date, in: .utcZone)
    }
}
