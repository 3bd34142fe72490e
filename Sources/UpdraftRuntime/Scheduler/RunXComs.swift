import UpdraftCore
import UpdraftStore

/// The XCom values of one DAG run, kept in memory by the scheduler (loaded from the store
/// when the run is adopted after a restart) so dispatches carry them inline.
struct RunXComs: Sendable {
    /// (task_id, key) → map index (-1 when unmapped) → value.
    private var values: [XComKey: [Int: JSONValue]] = [:]

    init(_ records: [XComRecord] = []) {
        for r in records { set(r) }
    }

    /// Stores one value.
    mutating func set(_ record: XComRecord) {
        values[XComKey(taskId: record.id.taskId, key: record.key), default: [:]][record.id.mapIndex] = record.value
    }

    /// Forgets every value a task instance pushed (a new try starts clean).
    mutating func clear(taskId: String, mapIndex: Int) {
        for key in values.keys where key.taskId == taskId {
            values[key]?[mapIndex] = nil
        }
    }

    /// The value of `key` for a reader: the unmapped instance's value, or for a mapped task the
    /// list of its instances' values in map-index order (Airflow's aggregated pull).
    func value(_ key: XComKey) -> JSONValue? {
        guard let byIndex = values[key], !byIndex.isEmpty else { return nil }
        if let single = byIndex[-1], byIndex.count == 1 { return single }
        return .array(byIndex.filter { $0.key >= 0 }.sorted { $0.key < $1.key }.map(\.value))
    }

    /// Every value pushed by `taskId` under any key (the worker's inline inputs).
    func keys(of taskId: String) -> [XComKey] {
        values.keys.filter { $0.taskId == taskId }.sorted { $0.key < $1.key }
    }
}
