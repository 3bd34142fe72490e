import Foundation
import UpdraftCore
import UpdraftStore

extension APIWire {
    /// One task instance (its latest try), or one try of `.../tries`.
    struct TaskInstance: Codable, Equatable {
        var dagId: String
        var dagRunId: String
        var taskId: String
        var mapIndex: Int
        var tryNumber: Int
        var maxTries: Int?
        var state: String?
        var startDate: String?
        var endDate: String?
        var duration: Double?
        var queuedWhen: String?
        var pool: String?
        var poolSlots: Int?
        var priorityWeight: Int?
        var queue: String?
        var hostname: String?
        var pid: Int?
        var workerId: String?
        var errorMessage: String?

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", dagRunId = "dag_run_id", taskId = "task_id", mapIndex = "map_index"
            case tryNumber = "try_number", maxTries = "max_tries", state, startDate = "start_date", endDate = "end_date"
            case duration, queuedWhen = "queued_when", pool, poolSlots = "pool_slots", priorityWeight = "priority_weight"
            case queue, hostname, pid, workerId = "worker_id", errorMessage = "error_message"
        }

        init(_ ti: TaskInstanceRecord) {
            dagId = ti.id.dagId
            dagRunId = ti.id.runId
            taskId = ti.id.taskId
            mapIndex = ti.id.mapIndex
            tryNumber = ti.tryNumber
            maxTries = ti.maxTries
            state = ti.state.rawValue
            startDate = APIWire.date(ti.startDate)
            endDate = APIWire.date(ti.endDate)
            duration = ti.duration
            queuedWhen = APIWire.date(ti.queuedAt)
            pool = ti.pool
            poolSlots = ti.poolSlots
            priorityWeight = ti.priorityWeight
            queue = ti.queue
            hostname = ti.hostname
            pid = ti.pid
            workerId = ti.workerId
            errorMessage = ti.errorMessage
        }

        /// An earlier try of `ti`: the store keeps only the latest try's details, so an
        /// earlier one has its number and nothing else.
        init(earlierTry number: Int, of ti: TaskInstanceRecord) {
            dagId = ti.id.dagId
            dagRunId = ti.id.runId
            taskId = ti.id.taskId
            mapIndex = ti.id.mapIndex
            tryNumber = number
        }
    }

    /// `GET .../taskInstances` and `.../tries`.
    struct TaskInstanceCollection: Codable, Equatable {
        var taskInstances: [TaskInstance]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case taskInstances = "task_instances", totalEntries = "total_entries" }
    }

    /// A task instance a clear touched (or would touch with `dry_run`).
    struct ClearedInstance: Codable, Equatable {
        var dagId: String
        var dagRunId: String
        var taskId: String
        var mapIndex: Int
        var state: String
        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", dagRunId = "dag_run_id", taskId = "task_id", mapIndex = "map_index", state
        }
    }

    /// `POST /dags/{dag_id}/clearTaskInstances`.
    struct ClearResult: Codable, Equatable {
        var taskInstances: [ClearedInstance]
        var totalEntries: Int
        var dryRun: Bool
        enum CodingKeys: String, CodingKey {
            case taskInstances = "task_instances", totalEntries = "total_entries", dryRun = "dry_run"
        }
    }

    /// `GET .../logs/{try_number}`: the bytes of the log after `offset`.
    struct Log: Codable, Equatable {
        var dagId: String
        var dagRunId: String
        var taskId: String
        var mapIndex: Int
        var tryNumber: Int
        var offset: Int
        var nextOffset: Int
        var content: String
        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", dagRunId = "dag_run_id", taskId = "task_id", mapIndex = "map_index"
            case tryNumber = "try_number", offset, nextOffset = "next_offset", content
        }
    }

    /// One XCom entry.
    struct XCom: Codable, Equatable {
        var dagId: String
        var dagRunId: String
        var taskId: String
        var mapIndex: Int
        var key: String
        var value: JSONValue
        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", dagRunId = "dag_run_id", taskId = "task_id", mapIndex = "map_index", key, value
        }

        init(_ x: XComRecord) {
            dagId = x.id.dagId
            dagRunId = x.id.runId
            taskId = x.id.taskId
            mapIndex = x.id.mapIndex
            key = x.key
            value = x.value
        }
    }

    /// `GET .../xcomEntries`.
    struct XComCollection: Codable, Equatable {
        var xcomEntries: [XCom]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case xcomEntries = "xcom_entries", totalEntries = "total_entries" }
    }
}
