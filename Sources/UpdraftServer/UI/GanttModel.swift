import Foundation
import UpdraftCore
import UpdraftStore

/// The bars of a Gantt chart of one run, decided without I/O: for each task instance that
/// was queued or started, where its wait (queued → start) and its run (start → end, or
/// now while running) lie on the run's time axis, as fractions 0...1.
struct GanttModel: Sendable, Equatable {
    /// One task instance's bar.
    struct Bar: Sendable, Equatable {
        var taskId: String
        var mapIndex: Int
        var state: String
        var queuedFrom: Double?
        var start: Double?
        var end: Double?
        var queuedAt: Date?
        var startDate: Date?
        var endDate: Date?
    }

    var bars: [Bar]
    /// The axis: from the earliest queue/start to the latest end (or `now`).
    var from: Date
    var to: Date

    init(instances: [TaskInstanceRecord], now: Date) {
        let timed = instances.filter { $0.queuedAt != nil || $0.startDate != nil }
        let starts = timed.compactMap { $0.queuedAt ?? $0.startDate }
        let ends = timed.map { $0.endDate ?? ($0.startDate == nil ? ($0.queuedAt ?? now) : now) }
        from = starts.min() ?? now
        to = max(ends.max() ?? now, from.addingTimeInterval(0.001))
        let span = to.timeIntervalSince(from)
        let (from, to) = (self.from, self.to)
        func pos(_ d: Date?) -> Double? { d.map { min(1, max(0, $0.timeIntervalSince(from) / span)) } }
        bars = timed.sorted { ($0.startDate ?? $0.queuedAt ?? to, $0.id) < ($1.startDate ?? $1.queuedAt ?? to, $1.id) }.map { ti in
            Bar(taskId: ti.id.taskId, mapIndex: ti.id.mapIndex, state: ti.state.rawValue,
                queuedFrom: pos(ti.queuedAt), start: pos(ti.startDate),
                end: ti.startDate == nil ? nil : pos(ti.endDate ?? now),
                queuedAt: ti.queuedAt, startDate: ti.startDate, endDate: ti.endDate)
        }
    }
}
