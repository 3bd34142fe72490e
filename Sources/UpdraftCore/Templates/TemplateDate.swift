import Foundation
import Stencil

/// A date-time as templates see it (`logical_date`, `data_interval_start`, ...), always in UTC
/// as Airflow renders them.
///
/// Renders like Python's `str(datetime)`: `2026-03-08 00:00:00+00:00`, with `.ffffff`
/// microseconds only when not zero. Attributes: `year`, `month`, `day`, `hour`, `minute`,
/// `second`, `microsecond`; the Airflow filters `ds`, `ds_nodash`, `ts`, `ts_nodash` and
/// `ts_nodash_with_tz` format it. Computed with integer arithmetic: no calendar, no locale.
struct TemplateDate: CustomStringConvertible, DynamicMemberLookup {
    let year: Int, month: Int, day: Int
    let hour: Int, minute: Int, second: Int, microsecond: Int

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second, self.microsecond) = (hour, minute, second, microsecond)
    }

    init(_ date: Date) {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, fraction) = micros.quotientAndRemainder(dividingBy: 1_000_000)
        let totalSeconds = fraction < 0 ? seconds - 1 : seconds
        microsecond = Int(fraction < 0 ? fraction + 1_000_000 : fraction)
        let (days, secondOfDay) = Self.floorDivide(totalSeconds, 86_400)
        hour = Int(secondOfDay / 3600)
        minute = Int(secondOfDay % 3600 / 60)
        second = Int(secondOfDay % 60)
        (year, month, day) = Self.civil(fromDays: days)
    }

    /// `YYYY-MM-DD`.
    var ds: String { "\(Self.pad(year, 4))-\(Self.pad(month))-\(Self.pad(day))" }
    /// `YYYYMMDD`.
    var dsNodash: String { "\(Self.pad(year, 4))\(Self.pad(month))\(Self.pad(day))" }
    /// `.isoformat()`: `2026-03-08T00:00:00+00:00` (microseconds only when not zero).
    var ts: String { ds + "T" + clock + "+00:00" }
    /// `ts` without `-`, `:`, fraction or offset: `20260308T000000`.
    var tsNodash: String { dsNodash + "T" + compactClock }
    /// `ts` without `-` or `:`: `20260308T000000+0000` (`.ffffff` kept when not zero).
    var tsNodashWithTz: String {
        dsNodash + "T" + compactClock + (microsecond == 0 ? "" : "." + Self.pad(microsecond, 6)) + "+0000"
    }
    /// Python's `str(datetime)`: `2026-03-08 00:00:00+00:00`.
    var description: String { ds + " " + clock + "+00:00" }

    private var compactClock: String { Self.pad(hour) + Self.pad(minute) + Self.pad(second) }

    private var clock: String {
        let base = "\(Self.pad(hour)):\(Self.pad(minute)):\(Self.pad(second))"
        return microsecond == 0 ? base : base + "." + Self.pad(microsecond, 6)
    }

    subscript(dynamicMember member: String) -> Any? {
        switch member {
        case "year": year
        case "month": month
        case "day": day
        case "hour": hour
        case "minute": minute
        case "second": second
        case "microsecond": microsecond
        default: nil
        }
    }

    /// The same time of day `days` days later (earlier when negative).
    func adding(days: Int) -> TemplateDate {
        let (year, month, day) = Self.civil(fromDays: Self.days(year: year, month: month, day: day) + Int64(days))
        return TemplateDate(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, microsecond: microsecond)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// Year, month, day of a count of days since 1970-01-01 (proleptic Gregorian), after
    /// Howard Hinnant's `civil_from_days`.
    private static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
