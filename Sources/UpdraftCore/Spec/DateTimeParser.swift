import Foundation

/// Parses `start_date` / `end_date` values: `2026-01-01` or an ISO-8601 datetime
/// (`2026-01-01T06:00`, `2026-01-01 06:00:00`, optional fraction, optional `Z` or
/// `±HH:MM` offset). A date or datetime without offset is read in the DAG's time zone.
public enum DateTimeParser {
    /// The instant `text` names, or nil when it is not a date or datetime.
    public static func parse(_ text: String, in zone: TimeZone) -> Date? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= chars.count else { return nil }
            var n = 0
            for c in chars[i..<(i + digits)] {
                guard c >= 48, c <= 57 else { return nil }
                n = n * 10 + Int(c - 48)
            }
            i += digits
            return n
        }
        func eat(_ c: Character) -> Bool {
            guard i < chars.count, chars[i] == c.asciiValue! else { return false }
            i += 1
            return true
        }
        guard let year = number(4), eat("-"), let month = number(2), eat("-"), let day = number(2) else { return nil }
        var c = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var offset: Int?
        if eat("T") || eat(" ") {
            guard let h = number(2), eat(":"), let m = number(2) else { return nil }
            c.hour = h
            c.minute = m
            if eat(":") {
                guard let s = number(2) else { return nil }
                c.second = s
                if eat(".") {
                    var nanos = 0, scale = 100_000_000
                    while i < chars.count, chars[i] >= 48, chars[i] <= 57 {
                        nanos += Int(chars[i] - 48) * scale
                        scale /= 10
                        i += 1
                    }
                    c.nanosecond = nanos
                }
            }
            if eat("Z") {
                offset = 0
            } else if i < chars.count, chars[i] == UInt8(ascii: "+") || chars[i] == UInt8(ascii: "-") {
                let sign = chars[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let oh = number(2) else { return nil }
                _ = eat(":")
                guard let om = number(2) else { return nil }
                offset = sign * (oh * 3600 + om * 60)
            }
        }
        guard i == chars.count, (1...12).contains(month), (1...31).contains(day),
              (0...23).contains(c.hour!), (0...59).contains(c.minute!), (0...59).contains(c.second!) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        guard let tz = offset.map({ TimeZone(secondsFromGMT: $0) }) ?? zone else { return nil }
        calendar.timeZone = tz
        guard let date = calendar.date(from: c),
              calendar.component(.day, from: date) == day else { return nil }  // rejects Feb 30
        return date
    }
}
