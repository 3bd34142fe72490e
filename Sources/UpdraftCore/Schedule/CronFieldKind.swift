/// The five fields of a cron expression, numbered as they appear (1 = minute).
public enum CronFieldKind: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Minute of the hour, 0-59.
    case minute = 1
    /// Hour of the day, 0-23.
    case hour
    /// Day of the month, 1-31.
    case dayOfMonth
    /// Month, 1-12 or JAN-DEC.
    case month
    /// Day of the week, 0-7 (0 and 7 are Sunday) or SUN-SAT.
    case dayOfWeek

    /// The field's name in messages: `minute`, `hour`, `day-of-month`, `month`, `day-of-week`.
    public var name: String {
        switch self {
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        }
    }

    /// The field's name.
    public var description: String { name }

    /// The values a user may write (7 is accepted for Sunday in day-of-week).
    public var bounds: ClosedRange<Int> {
        switch self {
        case .minute: 0...59
        case .hour: 0...23
        case .dayOfMonth: 1...31
        case .month: 1...12
        case .dayOfWeek: 0...7
        }
    }

    /// Upper case names accepted instead of numbers (months and weekdays only).
    var names: [String: Int] {
        switch self {
        case .month:
            ["JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
             "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12]
        case .dayOfWeek:
            ["SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6]
        default:
            [:]
        }
    }
}
