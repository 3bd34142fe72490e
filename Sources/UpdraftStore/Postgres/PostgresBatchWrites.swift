import Foundation
import PostgresNIO
import UpdraftCore

/// The upserts of runs, task instances and XComs (one row or many: a group commit's
/// ``PostgresWrites/apply(_:_:logger:)``, `createDagRun`): columns and conflict rules.
enum PostgresBatchWrites {
    /// A task instance to write and the `retries` its first insert records.
    struct TaskInstanceRow {
        var record: TaskInstanceRecord
        var retries: Int
    }

    /// DAG runs, key (dag_id, run_id).
    static let runs = PostgresBulkInsert<DagRunRecord>(
        table: "dag_run",
        columns: ["dag_id", "run_id", "logical_date", "data_interval_start", "data_interval_end", "state", "run_type",
                  "conf", "queued_at", "start_date", "end_date"],
        onConflict: """
            ON CONFLICT (dag_id, run_id) DO UPDATE SET logical_date = excluded.logical_date,
                data_interval_start = excluded.data_interval_start, data_interval_end = excluded.data_interval_end,
                state = excluded.state, run_type = excluded.run_type, conf = excluded.conf,
                queued_at = excluded.queued_at, start_date = excluded.start_date, end_date = excluded.end_date
            """
    ) { run, binds in
        let key = "dag_run \(run.dagId)/\(run.runId)"
        binds.append(run.dagId)
        binds.append(run.runId)
        binds.append(try PostgresWrites.seconds(run.logicalDate, "\(key) logical_date"))
        binds.append(try PostgresWrites.seconds(run.dataIntervalStart, "\(key) data_interval_start"))
        binds.append(try PostgresWrites.seconds(run.dataIntervalEnd, "\(key) data_interval_end"))
        binds.append(run.state.rawValue)
        binds.append(run.runType.rawValue)
        binds.append(try StoreColumns.json(run.conf))
        binds.append(try PostgresWrites.seconds(run.queuedAt, "\(key) queued_at"))
        binds.append(try PostgresWrites.seconds(run.startDate, "\(key) start_date"))
        binds.append(try PostgresWrites.seconds(run.endDate, "\(key) end_date"))
    }

    /// Task instances, key (dag_id, run_id, task_id, map_index); `retries` kept from the first insert.
    static let taskInstances = PostgresBulkInsert<TaskInstanceRow>(
        table: "task_instance",
        columns: ["dag_id", "run_id", "task_id", "map_index", "state", "try_number", "max_tries", "retries", "pool",
                  "pool_slots", "priority_weight", "queue", "queued_at", "start_date", "end_date", "next_try_at",
                  "worker_id", "hostname", "pid", "error_message"],
        onConflict: """
            ON CONFLICT (dag_id, run_id, task_id, map_index) DO UPDATE SET
                state = excluded.state, try_number = excluded.try_number, max_tries = excluded.max_tries,
                pool = excluded.pool, pool_slots = excluded.pool_slots,
                priority_weight = excluded.priority_weight, queue = excluded.queue,
                queued_at = excluded.queued_at, start_date = excluded.start_date, end_date = excluded.end_date,
                next_try_at = excluded.next_try_at, worker_id = excluded.worker_id,
                hostname = excluded.hostname, pid = excluded.pid, error_message = excluded.error_message
            """
    ) { row, binds in
        let ti = row.record
        let key = "task_instance \(ti.id)"
        binds.append(ti.id.dagId)
        binds.append(ti.id.runId)
        binds.append(ti.id.taskId)
        binds.append(ti.id.mapIndex)
        binds.append(ti.state.rawValue)
        binds.append(ti.tryNumber)
        binds.append(ti.maxTries)
        binds.append(row.retries)
        binds.append(ti.pool)
        binds.append(ti.poolSlots)
        binds.append(ti.priorityWeight)
        binds.append(ti.queue)
        binds.append(try PostgresWrites.seconds(ti.queuedAt, "\(key) queued_at"))
        binds.append(try PostgresWrites.seconds(ti.startDate, "\(key) start_date"))
        binds.append(try PostgresWrites.seconds(ti.endDate, "\(key) end_date"))
        binds.append(try PostgresWrites.seconds(ti.nextTryAt, "\(key) next_try_at"))
        binds.append(ti.workerId)
        binds.append(ti.hostname)
        binds.append(ti.pid)
        binds.append(ti.errorMessage)
    }

    /// XCom values, key (task instance, key).
    static let xcoms = PostgresBulkInsert<XComRecord>(
        table: "xcom",
        columns: ["dag_id", "run_id", "task_id", "map_index", "key", "value"],
        onConflict: "ON CONFLICT (dag_id, run_id, task_id, map_index, key) DO UPDATE SET value = excluded.value"
    ) { xcom, binds in
        binds.append(xcom.id.dagId)
        binds.append(xcom.id.runId)
        binds.append(xcom.id.taskId)
        binds.append(xcom.id.mapIndex)
        binds.append(xcom.key)
        binds.append(try StoreColumns.json(xcom.value))
    }

    /// One row per task instance (the last written), with the `maxTries` of its first
    /// occurrence in the batch as the `retries` an insert records (what one-row upserts in
    /// order would leave).
    static func firstInsertRetries(_ records: [TaskInstanceRecord]) -> [TaskInstanceRow] {
        var first: [TaskInstanceID: Int] = [:]
        for record in records where first[record.id] == nil { first[record.id] = record.maxTries }
        return taskInstances.lastPerKey(records.map { TaskInstanceRow(record: $0, retries: first[$0.id] ?? $0.maxTries) }) {
            $0.record.id
        }
    }
}

/// The key of an XCom value within a batch.
struct BatchXComKey: Hashable {
    var id: TaskInstanceID
    var key: String
}
