import Foundation

/// A DAG's schedule with the settings that bound it, answering "which run comes next?"
/// with Airflow 2's data-interval semantics (`CronDataIntervalTimetable`,
/// `DeltaDataIntervalTimetable`, `OnceTimetable`, `NullTimetable`, `ContinuousTimetable`):
/// a run's logical date is the START of its data interval and it fires at the END.
///
/// `@daily` from 2026-01-01: the first run covers `[01-01 00:00, 01-02 00:00)`, has logical
/// date 01-01 and fires at 01-02 00:00. Cron intervals lie between consecutive fire times
/// (the first starts at the first fire time >= `startDate`); fixed intervals are
/// `[start + k·span, start + (k+1)·span)`. Runs whose logical date is after `endDate` do not
/// happen. Pure: "now" is always a parameter.
///
/// Differences from Airflow 2: fixed intervals stay aligned to `startDate` with
/// catchup=false too (Airflow uses `now - delta`); a nil `startDate` gives no automatic runs;
/// fixed intervals are absolute time (`1d` = 86 400 s, also across DST).
public struct Timetable: Sendable, Hashable {
    /// What to run when.
    public var schedule: Schedule
    /// The zone cron fields are read in (fixed intervals are absolute time and ignore it).
    public var timeZone: TimeZone
    /// The earliest logical date; required for automatic runs (nil gives none).
    public var startDate: Date?
    /// The latest logical date a scheduled run may have.
    public var endDate: Date?
    /// True: create every missed interval since `startDate` (or the last run). False: only
    /// the latest interval that has ended by `now` (Airflow 2.x `catchup=False`).
    public var catchup: Bool

    /// A timetable; `catchup` defaults to false as in Airflow 3.
    public init(
        schedule: Schedule, timeZone: TimeZone = .gmt, startDate: Date?, endDate: Date? = nil,
        catchup: Bool = false
    ) {
        self.schedule = schedule
        self.timeZone = timeZone
        self.startDate = startDate
        self.endDate = endDate
        self.catchup = catchup
    }

    /// Interval boundaries for cron and fixed-interval schedules; nil for the others.
    var steps: IntervalSteps? {
        switch schedule {
        case .cron(let cron): .cron(cron, timeZone)
        case .interval(let span): .fixed(seconds: TimeInterval(span.seconds), anchor: startDate ?? Date(timeIntervalSince1970: 0))
        case .none, .once, .continuous: nil
        }
    }

    /// The next automatic run after the last one (`last` = its data interval, nil when
    /// there was none), or nil when there is none (no schedule, `@once` done, past
    /// `endDate`). The result may lie in the future: create it once `now >= runAfter`.
    ///
    /// catchup=true: the interval right after `last`, or the first one from `startDate`.
    /// catchup=false: the same, but never older than the latest interval that has ended
    /// by `now` (older ones are skipped).
    public func nextRun(after last: DataInterval?, now: Date) -> DagRunInfo? {
        switch schedule {
        case .none:
            return nil
        case .once:
            guard last == nil, let start = startDate, !isAfterEnd(start) else { return nil }
            return .exact(start)
        case .continuous:
            guard let first = startDate else { return nil }
            let start = last?.end ?? first
            let end = max(start, now)
            guard !isAfterEnd(end) else { return nil }
            return .interval(DataInterval(start: start, end: end))
        case .cron, .interval:
            guard let steps, startDate != nil else { return nil }
            var earliest = startDate.flatMap { steps.alignNext($0) }
            if !catchup { earliest = skipToLatest(earliest, now: now, steps) }
            let start: Date
            if let last, let aligned = steps.alignPrevious(last.end) {
                start = earliest.map { max(aligned, $0) } ?? aligned
            } else if last == nil, let earliest {
                start = earliest
            } else {
                return nil
            }
            guard !isAfterEnd(start), let end = steps.after(start) else { return nil }
            return .interval(DataInterval(start: start, end: end))
        }
    }

    /// Start of the latest interval that has ended by `now`, but not before `earliest`.
    private func skipToLatest(_ earliest: Date?, now: Date, _ steps: IntervalSteps) -> Date? {
        guard let end = steps.alignPrevious(now), let latest = steps.before(end) else { return earliest }
        guard let earliest else { return latest }
        return max(latest, earliest)
    }

    /// True when a run with this logical date would be after `endDate`.
    func isAfterEnd(_ logicalDate: Date) -> Bool {
        endDate.map { logicalDate > $0 } ?? false
    }
}
