import Foundation

extension Dag {
    /// The DAG's timetable (schedule, zone, start and end dates, catchup).
    public var timetable: Timetable {
        Timetable(schedule: schedule, timeZone: timezone, startDate: startDate, endDate: endDate, catchup: catchup)
    }
}
