import Foundation

/// Which scheduled runs of one DAG are due now, and when the next one is: the DAG's
/// timetable (cron or interval, start/end dates, catchup) walked from its latest scheduled
/// data interval, at most `maxPerPass` runs at once (catch-up creates the rest next pass).
/// The scheduler creates the planned runs in order and records how far it got.
///
/// ```swift
/// let plan = ScheduledRunPlanner.plan(timetable, schedule: dag.schedule, last: latest, now: now,
///                                     hasActiveRun: false, maxPerPass: 64)
/// ```
public enum ScheduledRunPlanner {
    /// What is due for one DAG.
    public struct Plan: Sendable, Hashable {
        /// The runs to create now, oldest first.
        public var due: [DagRunInfo]
        /// When to look again: the next run's time, `now` when the pass was capped (more
        /// are due), nil when the timetable has no further run.
        public var nextDueAt: Date?
    }

    /// The plan for a DAG scheduled by `schedule` through `timetable` whose latest scheduled
    /// run covered `last` (nil: none yet). A `continuous` DAG gets one run, and none while
    /// it has an active run; a DAG with no schedule gets none.
    public static func plan(
        _ timetable: Timetable, schedule: Schedule, last: DataInterval?, now: Date,
        hasActiveRun: Bool, maxPerPass: Int
    ) -> Plan {
        switch schedule {
        case .none: return Plan(due: [], nextDueAt: nil)
        case .continuous where hasActiveRun: return Plan(due: [], nextDueAt: nil)
        default: break
        }
        var due: [DagRunInfo] = []
        var last = last
        while let info = timetable.nextRun(after: last, now: now) {
            if info.runAfter > now { return Plan(due: due, nextDueAt: info.runAfter) }
            if due.count >= maxPerPass { return Plan(due: due, nextDueAt: now) }
            due.append(info)
            last = info.dataInterval
            if case .continuous = schedule { break }
        }
        return Plan(due: due, nextDueAt: nil)
    }
}
