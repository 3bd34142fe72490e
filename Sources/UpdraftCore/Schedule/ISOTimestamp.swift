import Foundation

/// ISO-8601 timestamps with an explicit offset, as `updraft schedule next` prints them
/// (`2026-03-29T03:00:00+02:00`), and a lenient reader for user-written dates.
public enum ISOTimestamp {
    /// `date` as `YYYY-MM-DDTHH:MM:SS±HH:MM` in `timeZone` (UTC gives `+00:00`);
    /// fractions of a second are dropped.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let utc = Int64(date.timeIntervalSince1970.rounded(.down))
        let offset = ZoneClock(zone: timeZone).offset(at: utc)
        let wall = utc + offset
        let t = CivilTime(wallSeconds: wall)
        let second = Int(CivilTime.floorMod(wall, 60))
        let sign = offset < 0 ? "-" : "+"
        let abs = Int(offset.magnitude)
        return "\(pad(t.year, 4))-\(pad(t.month))-\(pad(t.day))T\(pad(t.hour)):\(pad(t.minute)):\(pad(second))"
            + "\(sign)\(pad(abs / 3600)):\(pad(abs % 3600 / 60))"
    }

    /// Reads `2026-03-29`, `2026-03-29T01:30`, `2026-03-29 01:30:00`, with an optional
    /// `.fraction` and an optional `Z`, `±HH:MM`, `±HHMM` or `±HH` offset. Text without an
    /// offset is wall-clock time in `defaultTimeZone` (a time skipped by DST moves to the end
    /// of the gap; a repeated one takes its first occurrence). Nil when the text is not a
    /// valid date-time.
    public static func parse(_ text: String, defaultTimeZone: TimeZone) -> Date? {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        guard let year = number(&s, 4), literal(&s, "-"), let month = number(&s, 2), literal(&s, "-"),
              let day = number(&s, 2), (1...12).contains(month),
              (1...CivilTime.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var (hour, minute, second, fraction) = (0, 0, 0, 0.0)
        if literal(&s, "T") || literal(&s, "t") || literal(&s, " ") {
            guard let h = number(&s, 2), literal(&s, ":"), let m = number(&s, 2), h < 24, m < 60 else { return nil }
            (hour, minute) = (h, m)
            if literal(&s, ":") {
                guard let sec = number(&s, 2), sec < 60 else { return nil }
                second = sec
                if literal(&s, ".") || literal(&s, ",") {
                    let digits = s.prefix(while: { $0.isASCII && $0.isNumber })
                    guard !digits.isEmpty, let f = Double("0." + digits) else { return nil }
                    fraction = f
                    s = s.dropFirst(digits.count)
                }
            }
        }
        let wall = CivilTime(year: year, month: month, day: day, hour: hour, minute: minute).wallSeconds
            + Int64(second)
        let utc: Int64
        if s.isEmpty {
            let clock = ZoneClock(zone: defaultTimeZone)
            utc = clock.instants(atWall: wall).first ?? clock.gapEnd(containingWall: wall)
        } else {
            guard let offset = offsetSeconds(s) else { return nil }
            utc = wall - offset
        }
        return Date(timeIntervalSince1970: TimeInterval(utc) + fraction)
    }

    /// `Z`, `±HH:MM`, `±HHMM` or `±HH` as seconds east of UTC.
    private static func offsetSeconds(_ text: Substring) -> Int64? {
        if text == "Z" || text == "z" { return 0 }
        var s = text
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        s = s.dropFirst()
        guard let h = number(&s, 2), h <= 23 else { return nil }
        var m = 0
        if !s.isEmpty {
            _ = literal(&s, ":")
            guard let mm = number(&s, 2), mm < 60, s.isEmpty else { return nil }
            m = mm
        }
        let total = Int64(h * 3600 + m * 60)
        return sign == "-" ? -total : total
    }

    private static func number(_ s: inout Substring, _ width: Int) -> Int? {
        let digits = s.prefix(width)
        guard digits.count == width, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        s = s.dropFirst(width)
        return Int(digits)
    }

    private static func literal(_ s: inout Substring, _ ch: Character) -> Bool {
        guard s.first == ch else { return false }
        s = s.dropFirst()
        return true
    }

    private static func pad(_ n: Int, _ width: Int = 2) -> String {
        let text = String(n)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
