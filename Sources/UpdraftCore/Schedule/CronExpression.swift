import Foundation

/// A five-field cron expression (minute hour day-of-month month day-of-week), or one of
/// the presets `@hourly @daily @midnight @weekly @monthly @yearly @annually`.
///
/// Supports lists `1,5`, ranges `1-5`, steps `*/15` and `10-50/10`, `N/step` (= `N-max/step`),
/// month names JAN-DEC and weekday names SUN-SAT (any case), and 0 or 7 for Sunday.
/// Day-of-month and day-of-week follow Vixie cron: when both fields are restricted (neither
/// starts with `*`) a day matches if EITHER does; otherwise both must (so the `*` one is moot).
///
/// ```swift
/// let cron = try CronExpression(parsing: "30 2 * * MON-FRI")
/// let next = cron.next(after: now, in: TimeZone(identifier: "Europe/Berlin")!)
/// ```
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text as written (trimmed), e.g. `"@daily"` or `"0 6 * * *"`.
    public let text: String
    let minutes: CronValueSet
    let hours: CronValueSet
    let daysOfMonth: CronValueSet
    let months: CronValueSet
    let daysOfWeek: CronValueSet

    /// The cron text each preset stands for.
    public static let presets: [String: String] = [
        "@hourly": "0 * * * *",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *",
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
    ]

    /// Parses a cron expression or preset; the error names the field, token and reason.
    public init(parsing text: String) throws(ScheduleError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var source = trimmed
        if trimmed.hasPrefix("@") {
            guard let expansion = Self.presets[trimmed.lowercased()] else {
                let known = Self.presets.keys.sorted().joined(separator: " ")
                throw ScheduleError(
                    code: .unknownPreset,
                    message: "unknown schedule preset \"\(trimmed)\" (known: \(known) @once @continuous)",
                    token: trimmed
                )
            }
            source = expansion
        }
        let fields = source.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw ScheduleError(
                code: .fieldCount,
                message: "cron expression \"\(trimmed)\" has \(fields.count) field\(fields.count == 1 ? "" : "s"), "
                    + "expected 5 (minute hour day-of-month month day-of-week)",
                token: trimmed
            )
        }
        self.text = trimmed
        minutes = try CronFieldParser.parse(fields[0], as: .minute)
        hours = try CronFieldParser.parse(fields[1], as: .hour)
        daysOfMonth = try CronFieldParser.parse(fields[2], as: .dayOfMonth)
        months = try CronFieldParser.parse(fields[3], as: .month)
        daysOfWeek = try CronFieldParser.parse(fields[4], as: .dayOfWeek)
        guard canEverFire else {
            throw ScheduleError(
                code: .neverFires,
                message: "cron expression \"\(trimmed)\" never fires: none of its months has "
                    + "day-of-month \(fields[2])",
                field: CronFieldKind.dayOfMonth.rawValue,
                token: fields[2]
            )
        }
    }

    /// False when no calendar day can match (`0 0 30 2 *`, `0 0 31 4,6 *`). Any weekday
    /// combines with any day-of-month sooner or later, so only day-of-month vs month matters,
    /// and only when day-of-week does not widen the match (OR case).
    var canEverFire: Bool {
        if !daysOfMonth.isStar && !daysOfWeek.isStar { return true }
        let smallestDay = daysOfMonth.first
        return months.values.contains { month in
            smallestDay <= (month == 2 ? 29 : CivilTime.daysInMonth(year: 2001, month: month))
        }
    }

    /// The text as written.
    public var description: String { text }

    /// True when the wall-clock day matches the day-of-month / day-of-week fields.
    func dayMatches(_ t: CivilTime) -> Bool {
        let dom = daysOfMonth.contains(t.day)
        let dow = daysOfWeek.contains(t.weekday)
        if daysOfMonth.isStar || daysOfWeek.isStar { return dom && dow }
        return dom || dow
    }

    /// True when the wall-clock minute `t` matches every field.
    func matches(_ t: CivilTime) -> Bool {
        months.contains(t.month) && dayMatches(t) && hours.contains(t.hour) && minutes.contains(t.minute)
    }
}
