import Foundation
import UpdraftCore

extension Dag {
    /// The first `count` runs the scheduler would create for this DAG if it had no runs
    /// yet and the clock read `now` (some may be due already, some in the future).
    func nextRuns(now: Date, count: Int) -> [DagRunInfo] {
        var out: [DagRunInfo] = []
        var last: DataInterval?
        while out.count < count, let next = timetable.nextRun(after: last, now: now) {
            if let previous = out.last, previous == next { break }
            out.append(next)
            if case .continuous = schedule { break }
            last = next.dataInterval
        }
        return out
    }

    /// Why a DAG has no scheduled runs, or nil when it has some.
    var noRunsReason: String? {
        switch schedule {
        case .none: "schedule is none: runs only when triggered by hand"
        default: startDate == nil ? "no start_date: no runs are scheduled until one is set" : nil
        }
    }
}
