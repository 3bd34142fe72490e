import Foundation
import PostgresNIO
import UpdraftCore

/// Records read from ``PostgresStore``'s rows (the columns of ``PostgresSchema``).
enum PostgresRecords {
    static func dag(_ row: PostgresRandomAccessRow) throws -> DagRecord {
        let r = PostgresColumns(row, table: "dag")
        return DagRecord(dagId: try r.string("dag_id"), fileLocation: try r.optional("file_location"),
                         isPaused: try r.value("is_paused"), lastParsedAt: try r.optionalDate("last_parsed_at"))
    }

    static func dagRun(_ row: PostgresRandomAccessRow) throws -> DagRunRecord {
        let r = PostgresColumns(row, table: "dag_run")
        return DagRunRecord(
            dagId: try r.string("dag_id"), runId: try r.string("run_id"), logicalDate: try r.date("logical_date"),
            dataIntervalStart: try r.date("data_interval_start"), dataIntervalEnd: try r.date("data_interval_end"),
            state: try r.enumValue(DagRunState.self, "state"), runType: try r.enumValue(DagRunType.self, "run_type"),
            conf: try r.json([String: JSONValue].self, "conf"), queuedAt: try r.date("queued_at"),
            startDate: try r.optionalDate("start_date"), endDate: try r.optionalDate("end_date"))
    }

    static func taskInstanceID(_ r: PostgresColumns) throws -> TaskInstanceID {
        TaskInstanceID(dagId: try r.string("dag_id"), runId: try r.string("run_id"), taskId: try r.string("task_id"),
                       mapIndex: try r.int("map_index"))
    }

    static func taskInstance(_ row: PostgresRandomAccessRow) throws -> TaskInstanceRecord {
        let r = PostgresColumns(row, table: "task_instance")
        var ti = TaskInstanceRecord(
            id: try taskInstanceID(r), state: try r.enumValue(TaskInstanceState.self, "state"),
            tryNumber: try r.int("try_number"), maxTries: try r.int("max_tries"), pool: try r.string("pool"),
            poolSlots: try r.int("pool_slots"), priorityWeight: try r.int("priority_weight"), queue: try r.string("queue"))
        ti.queuedAt = try r.optionalDate("queued_at")
        ti.startDate = try r.optionalDate("start_date")
        ti.endDate = try r.optionalDate("end_date")
        ti.nextTryAt = try r.optionalDate("next_try_at")
        ti.workerId = try r.optional("worker_id")
        ti.hostname = try r.optional("hostname")
        ti.pid = try r.optional("pid")
        ti.errorMessage = try r.optional("error_message")
        return ti
    }

    static func xcom(_ row: PostgresRandomAccessRow) throws -> XComRecord {
        let r = PostgresColumns(row, table: "xcom")
        return XComRecord(id: try taskInstanceID(r), key: try r.string("key"), value: try r.json(JSONValue.self, "value"))
    }

    static func pool(_ row: PostgresRandomAccessRow) throws -> PoolRecord {
        let r = PostgresColumns(row, table: "pool")
        return PoolRecord(name: try r.string("name"), slots: try r.int("slots"), description: try r.string("description"))
    }

    static func importError(_ row: PostgresRandomAccessRow) throws -> ImportErrorRecord {
        let r = PostgresColumns(row, table: "import_error")
        return ImportErrorRecord(fileLocation: try r.string("file_location"), message: try r.string("message"),
                                 timestamp: try r.date("timestamp"))
    }

    static func connectedWorker(_ row: PostgresRandomAccessRow) throws -> ConnectedWorkerRecord {
        let r = PostgresColumns(row, table: "connected_worker")
        return ConnectedWorkerRecord(workerId: try r.string("worker_id"), hostname: try r.string("hostname"),
                                     pid: try r.int("pid"), joinedAt: try r.date("joined_at"))
    }

    static func connection(_ row: PostgresRandomAccessRow) throws -> ConnectionRecord {
        let r = PostgresColumns(row, table: "connection")
        return ConnectionRecord(
            connId: try r.string("conn_id"), connType: try r.string("conn_type"), description: try r.string("description"),
            host: try r.string("host"), port: try r.optional("port"), login: try r.string("login"),
            schema: try r.string("schema_name"), sealedPassword: try r.optional("sealed_password"),
            sealedExtra: try r.optional("sealed_extra"))
    }

    static func apiUser(_ row: PostgresRandomAccessRow) throws -> APIUserRecord {
        let r = PostgresColumns(row, table: "api_user")
        let username = try r.string("username")
        let roleText = try r.string("role")
        guard let role = APIRole(rawValue: roleText) else {
            throw StoreError(.corruptRow, "unknown role '\(roleText)'", context: "api_user \(username)")
        }
        return APIUserRecord(username: username, role: role, passwordHash: try r.string("password_hash"),
                             createdAt: try r.date("created_at"))
    }

    static func apiToken(_ row: PostgresRandomAccessRow) throws -> APITokenRecord {
        let r = PostgresColumns(row, table: "api_token")
        return APITokenRecord(tokenId: try r.string("token_id"), username: try r.string("username"),
                              tokenHash: try r.string("token_hash"), createdAt: try r.date("created_at"),
                              expiresAt: try r.optionalDate("expires_at"))
    }
}
