import Foundation
import UpdraftCore
import UpdraftProtocol
import UpdraftStore

/// The decision of one `external_task` sensor, from the state it has seen of the other DAG's
/// run at the mapped logical date (`logical_date - execution_delta`). Pure: fed by a store
/// snapshot and by state-change events, asked for a verdict after each.
///
/// Airflow's `ExternalTaskSensor` rules:
/// - any watched instance in `failed_states` → fail at once (skipped with `soft_fail`);
/// - else any in `skipped_states` → skipped;
/// - else every watched task has instances and all are in `allowed_states` → success;
/// - otherwise keep waiting.
///
/// Watched: `external_task_ids`; or a task group (its resolved ids, else the tasks whose id
/// starts with `group.`); or, with neither, the DAG run itself (states are run states:
/// `success`, `failed`, `running`, `queued` matched by name).
struct ExternalTaskCheck: Sendable {
    /// How the sensor ends.
    enum Verdict: Sendable, Equatable {
        case success
        case failed(String)
        case skipped(String)
    }

    struct InstanceKey: Hashable, Sendable {
        var taskId: String
        var mapIndex: Int
    }

    let target: ExternalTaskTarget
    /// Logical date of the watched run, in microseconds since 1970.
    let logicalDateUs: Int64
    /// Explicit task ids (given, or the group resolved by the scheduler).
    let taskIds: [String]
    let softFail: Bool
    private(set) var runState: DagRunState?
    private(set) var states: [InstanceKey: TaskInstanceState] = [:]

    init(target: ExternalTaskTarget, logicalDate: Date, resolvedTaskIds: [String], softFail: Bool) {
        self.target = target
        var shifted = logicalDate
        if let delta = target.executionDelta { shifted = logicalDate.addingTimeInterval(-TimeInterval(delta.seconds)) }
        logicalDateUs = Self.microseconds(shifted)
        taskIds = target.externalTaskIds.isEmpty ? resolvedTaskIds : target.externalTaskIds
        self.softFail = softFail
    }

    /// The watched run's logical date.
    var watchedLogicalDate: Date { Date(timeIntervalSince1970: Double(logicalDateUs) / 1_000_000) }

    /// Whole-run mode: no task ids and no group.
    var watchesRun: Bool { taskIds.isEmpty && target.externalTaskGroupId == nil }

    /// Whether `taskId` is one of the watched tasks.
    func watches(taskId: String) -> Bool {
        if !taskIds.isEmpty { return taskIds.contains(taskId) }
        if let group = target.externalTaskGroupId { return taskId.hasPrefix(group + ".") }
        return false
    }

    /// Takes the store's view of the watched run (nil: no run at that logical date yet).
    mutating func load(run: DagRunRecord?, instances: [TaskInstanceRecord]) {
        guard let run, Self.microseconds(run.logicalDate) == logicalDateUs else { return }
        runState = run.state
        for rec in instances where watches(taskId: rec.id.taskId) {
            states[InstanceKey(taskId: rec.id.taskId, mapIndex: rec.id.mapIndex)] = rec.state
        }
    }

    /// Applies one event of the other DAG; false when it is about another run or task.
    @discardableResult
    mutating func apply(_ e: WireStateChangeEvent) -> Bool {
        guard e.dagID == target.externalDagId, e.logicalDateUnixUs == logicalDateUs else { return false }
        switch e.entity {
        case .dagRun:
            guard let state = DagRunState(wire: e.newRunState) else { return false }
            runState = state
            return watchesRun
        case .taskInstance:
            guard watches(taskId: e.taskID), let state = TaskInstanceState(wire: e.newTaskState) else { return false }
            states[InstanceKey(taskId: e.taskID, mapIndex: Int(e.mapIndex))] = state
            return true
        default:
            return false
        }
    }

    /// The verdict now; nil while the sensor must keep waiting.
    func verdict() -> Verdict? {
        let what = describeTarget()
        if watchesRun {
            guard let runState else { return nil }
            let name = runState.rawValue
            if target.failedStates.contains(where: { $0.rawValue == name }) {
                return end("\(what) is \(name) (one of failed_states)")
            }
            if target.skippedStates.contains(where: { $0.rawValue == name }) {
                return .skipped("\(what) is \(name) (one of skipped_states)")
            }
            return target.allowedStates.contains(where: { $0.rawValue == name }) ? .success : nil
        }
        let failed = states.filter { target.failedStates.contains($0.value) }
        if let first = failed.keys.sorted(by: { ($0.taskId, $0.mapIndex) < ($1.taskId, $1.mapIndex) }).first {
            return end("\(what): task '\(first.taskId)'\(first.mapIndex >= 0 ? "[\(first.mapIndex)]" : "") is \(failed[first]!.rawValue) (one of failed_states)")
        }
        if let skipped = states.first(where: { target.skippedStates.contains($0.value) }) {
            return .skipped("\(what): task '\(skipped.key.taskId)' is \(skipped.value.rawValue) (one of skipped_states)")
        }
        let required = taskIds.isEmpty ? Array(Set(states.keys.map(\.taskId))) : taskIds
        guard !required.isEmpty else { return nil }
        for taskId in required {
            var mine = states.filter { $0.key.taskId == taskId }
            // A mapped task's placeholder (-1) becomes `removed` once expanded: look at the rest.
            if mine.count > 1 { mine = mine.filter { $0.value != .removed } }
            guard !mine.isEmpty, mine.values.allSatisfy({ target.allowedStates.contains($0) }) else { return nil }
        }
        return .success
    }

    private func end(_ message: String) -> Verdict {
        softFail ? .skipped(message) : .failed(message)
    }

    /// "task(s) a, b of DAG 'x' at 2026-…" for messages.
    func describeTarget() -> String {
        let date = ISO8601DateFormatter().string(from: watchedLogicalDate)
        if watchesRun { return "the run of DAG '\(target.externalDagId)' at \(date)" }
        let tasks = target.externalTaskGroupId.map { "task group '\($0)'" }
            ?? "task(s) \(taskIds.map { "'\($0)'" }.joined(separator: ", "))"
        return "\(tasks) of DAG '\(target.externalDagId)' at \(date)"
    }

    static func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}
