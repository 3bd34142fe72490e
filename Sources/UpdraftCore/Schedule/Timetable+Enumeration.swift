import Foundation

extension Timetable {
    /// Every scheduled run whose logical date is in `[start, end]` (and not after
    /// `endDate`), oldest first, at most `limit` of them: what a backfill creates.
    /// Cron and fixed intervals only; `@once` gives its single run if in range.
    public func runs(between start: Date, and end: Date, limit: Int = 10_000) -> [DagRunInfo] {
        switch schedule {
        case .none, .continuous:
            return []
        case .once:
            guard let s = startDate, s >= start, s <= end, !isAfterEnd(s) else { return [] }
            return [.exact(s)]
        case .cron, .interval:
            guard let steps, var s = steps.alignNext(start) else { return [] }
            var out: [DagRunInfo] = []
            while s <= end, !isAfterEnd(s), out.count < limit, let e = steps.after(s) {
                out.append(.interval(DataInterval(start: s, end: e)))
                s = e
            }
            return out
        }
    }

    /// The next `count` moments strictly after `date` at which scheduled runs fire (their
    /// `runAfter`), respecting `startDate` and `endDate`. Empty for none and `@continuous`.
    public func fireTimes(after date: Date, count: Int) -> [Date] {
        guard count > 0 else { return [] }
        switch schedule {
        case .none, .continuous:
            return []
        case .once:
            guard let s = startDate, s > date, !isAfterEnd(s) else { return [] }
            return [s]
        case .cron, .interval:
            guard let steps, var end = steps.after(date), var start = steps.before(end) else { return [] }
            if let first = startDate.flatMap({ steps.alignNext($0) }), start < first {
                guard let e = steps.after(first) else { return [] }
                (start, end) = (first, e)
            }
            var out: [Date] = []
            while out.count < count, !isAfterEnd(start) {
                out.append(end)
                guard let next = steps.after(end) else { break }
                (start, end) = (end, next)
            }
            return out
        }
    }

    /// The data interval Airflow 2 gives a manual run triggered for `runAfter`
    /// (`infer_manual_data_interval`): for cron, the last complete interval ending at or
    /// before it (`@daily`, 25th 01:00 → `[24th 00:00, 25th 00:00)`); for fixed intervals,
    /// `[runAfter - span, runAfter)`; otherwise the instant itself.
    public func inferManualDataInterval(runAfter: Date) -> DataInterval {
        switch schedule {
        case .cron:
            guard let steps, let end = steps.alignPrevious(runAfter), let start = steps.before(end) else {
                return .exact(runAfter)
            }
            return DataInterval(start: start, end: end)
        case .interval(let span):
            return DataInterval(start: runAfter.addingTimeInterval(-TimeInterval(span.seconds)), end: runAfter)
        case .none, .once, .continuous:
            return .exact(runAfter)
        }
    }

    /// A manual run for the chosen logical date: that logical date, the inferred data
    /// interval, and `runAfter` = the logical date (as Airflow 2's `dags trigger`).
    public func manualRun(logicalDate: Date) -> DagRunInfo {
        DagRunInfo(logicalDate: logicalDate, dataInterval: inferManualDataInterval(runAfter: logicalDate), runAfter: logicalDate)
    }
}
