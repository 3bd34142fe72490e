import Foundation
import UpdraftCore
import UpdraftStore

/// One task instance as `dags trigger --wait` and `dags test` print it; with `--json`
/// exactly these five keys.
struct TaskInstanceRow: Codable, Equatable, Sendable {
    /// The task id (with its group prefix).
    var taskId: String
    /// -1 when not mapped.
    var mapIndex: Int
    /// Final state (`success`, `failed`, `skipped`, `upstream_failed`, ...).
    var state: String
    /// Tries made (0 when the task never ran).
    var tryNumber: Int
    /// Seconds of the last try (end − start); 0 when it never ran.
    var duration: Double

    enum CodingKeys: String, CodingKey {
        case taskId = "task_id", mapIndex = "map_index", state, tryNumber = "try_number", duration
    }

    /// The row of `record`.
    init(_ record: TaskInstanceRecord) {
        taskId = record.id.taskId
        mapIndex = record.id.mapIndex
        state = record.state.rawValue
        tryNumber = record.tryNumber
        duration = record.duration.map { ($0 * 1000).rounded() / 1000 } ?? 0
    }

    /// Rows of `records` in the DAG's task order (when known), then by map index. The
    /// placeholder (map_index -1, `removed`) of a task that was expanded into mapped
    /// instances is left out: the instances stand for it.
    static func rows(_ records: [TaskInstanceRecord], dag: Dag?) -> [TaskInstanceRow] {
        let order = dag?.taskIndex ?? [:]
        let expanded = Set(records.filter { $0.id.mapIndex >= 0 }.map(\.id.taskId))
        let shown = records.filter { !($0.id.mapIndex < 0 && $0.state == .removed && expanded.contains($0.id.taskId)) }
        return shown.sorted { a, b in
            let (oa, ob) = (order[a.id.taskId] ?? Int.max, order[b.id.taskId] ?? Int.max)
            if oa != ob { return oa < ob }
            if a.id.taskId != b.id.taskId { return a.id.taskId < b.id.taskId }
            return a.id.mapIndex < b.id.mapIndex
        }.map(TaskInstanceRow.init)
    }

    /// A text table: task_id, map_index, state, try_number, duration.
    static func table(_ rows: [TaskInstanceRow]) -> [String] {
        TextTable.lines([["task_id", "map_index", "state", "try_number", "duration"]] + rows.map {
            [$0.taskId, $0.mapIndex < 0 ? "-" : String($0.mapIndex), $0.state, String($0.tryNumber),
             String(format: "%.3fs", $0.duration)]
        })
    }
}
