import Foundation

/// What the timetable says about one DAG run: its logical date, its data interval, and the
/// earliest moment it may start (`runAfter`, the end of the interval for interval schedules).
public struct DagRunInfo: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The run's logical date (Airflow's `logical_date`): the data interval's start.
    public var logicalDate: Date
    /// The data the run covers.
    public var dataInterval: DataInterval
    /// The run may be created once `now >= runAfter` (Airflow's `run_after`).
    public var runAfter: Date

    /// A run covering `dataInterval`, with explicit logical date and fire time.
    public init(logicalDate: Date, dataInterval: DataInterval, runAfter: Date) {
        self.logicalDate = logicalDate
        self.dataInterval = dataInterval
        self.runAfter = runAfter
    }

    /// The usual scheduled run: logical date = interval start, fires at interval end.
    public static func interval(_ interval: DataInterval) -> DagRunInfo {
        DagRunInfo(logicalDate: interval.start, dataInterval: interval, runAfter: interval.end)
    }

    /// A run at one instant (`@once`): logical date, interval and fire time all equal `date`.
    public static func exact(_ date: Date) -> DagRunInfo {
        DagRunInfo(logicalDate: date, dataInterval: .exact(date), runAfter: date)
    }

    /// `logical <date> interval [a, b) runAfter <date>` in UTC.
    public var description: String {
        "logical \(ISOTimestamp.format(logicalDate, in: .gmt)) interval \(dataInterval) "
            + "runAfter \(ISOTimestamp.format(runAfter, in: .gmt))"
    }
}
