import Foundation
import GRDB
import UpdraftCore

/// Records read from rows of the store's tables.
enum StoreRows {
    /// A `dag` row.
    static func dag(_ row: Row) -> DagRecord {
        DagRecord(dagId: row["dag_id"], fileLocation: row["file_location"], isPaused: row["is_paused"],
                  lastParsedAt: StoreColumns.date(row, "last_parsed_at"))
    }

    /// A `dag_run` row.
    static func dagRun(_ row: Row) throws -> DagRunRecord {
        let dagId: String = row["dag_id"]
        let runId: String = row["run_id"]
        let key = "\(dagId)/\(runId)"
        return DagRunRecord(
            dagId: dagId, runId: runId,
            logicalDate: try StoreColumns.requiredDate(row, "logical_date", table: "dag_run", key: key),
            dataIntervalStart: try StoreColumns.requiredDate(row, "data_interval_start", table: "dag_run", key: key),
            dataIntervalEnd: try StoreColumns.requiredDate(row, "data_interval_end", table: "dag_run", key: key),
            state: try StoreColumns.decodeEnum(DagRunState.self, row, "state", table: "dag_run", key: key),
            runType: try StoreColumns.decodeEnum(DagRunType.self, row, "run_type", table: "dag_run", key: key),
            conf: try StoreColumns.decodeJSON([String: JSONValue].self, row, "conf", table: "dag_run", key: key),
            queuedAt: try StoreColumns.requiredDate(row, "queued_at", table: "dag_run", key: key),
            startDate: StoreColumns.date(row, "start_date"),
            endDate: StoreColumns.date(row, "end_date"))
    }

    /// A `connected_worker` row.
    static func connectedWorker(_ row: Row) throws -> ConnectedWorkerRecord {
        let id: String = row["worker_id"]
        return ConnectedWorkerRecord(
            workerId: id, hostname: row["hostname"], pid: row["pid"],
            joinedAt: try StoreColumns.requiredDate(row, "joined_at", table: "connected_worker", key: id))
    }

    /// The task instance id of a `task_instance` or `xcom` row.
    static func taskInstanceID(_ row: Row) -> TaskInstanceID {
        TaskInstanceID(dagId: row["dag_id"], runId: row["run_id"], taskId: row["task_id"], mapIndex: row["map_index"])
    }

    /// A `task_instance` row.
    static func taskInstance(_ row: Row) throws -> TaskInstanceRecord {
        let id = taskInstanceID(row)
        var ti = TaskInstanceRecord(
            id: id,
            state: try StoreColumns.decodeEnum(TaskInstanceState.self, row, "state", table: "task_instance",
                                               key: id.description),
            tryNumber: row["try_number"], maxTries: row["max_tries"], pool: row["pool"],
            poolSlots: row["pool_slots"], priorityWeight: row["priority_weight"], queue: row["queue"])
        ti.queuedAt = StoreColumns.date(row, "queued_at")
        ti.startDate = StoreColumns.date(row, "start_date")
        ti.endDate = StoreColumns.date(row, "end_date")
        ti.nextTryAt = StoreColumns.date(row, "next_try_at")
        ti.workerId = row["worker_id"]
        ti.hostname = row["hostname"]
        ti.pid = row["pid"]
        ti.errorMessage = row["error_message"]
        return ti
    }

    /// An `xcom` row.
    static func xcom(_ row: Row) throws -> XComRecord {
        let id = taskInstanceID(row)
        let key: String = row["key"]
        return XComRecord(id: id, key: key,
                          value: try StoreColumns.decodeJSON(JSONValue.self, row, "value", table: "xcom",
                                                             key: "\(id) \(key)"))
    }

    /// A `pool` row.
    static func pool(_ row: Row) -> PoolRecord {
        PoolRecord(name: row["name"], slots: row["slots"], description: row["description"])
    }

    /// An `import_error` row.
    static func importError(_ row: Row) -> ImportErrorRecord {
        ImportErrorRecord(fileLocation: row["file_location"], message: row["message"],
                          timestamp: StoreColumns.date(row, "timestamp") ?? Date(timeIntervalSince1970: 0))
    }
}
