/// Python's `strftime` / `strptime` for the directives templates use, in the C locale.
///
/// strftime: `%Y %m %d %H %M %S %f %y %j %a %A %b %B %p %I %z %Z %%`; other `%x` are copied
/// as they are. strptime: `%Y` (4 digits), `%m %d %H %M %S` (1-2 digits), `%f` (1-6 digits),
/// `%%` and literal characters; anything else does not parse.
extension TemplateDate {
    private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// `format` with its `%` directives replaced, like Python's `datetime.strftime`.
    func strftime(_ format: String) -> String {
        var output = ""
        var iterator = format.makeIterator()
        while let character = iterator.next() {
            guard character == "%", let directive = iterator.next() else {
                output.append(character)
                continue
            }
            output += expand(directive)
        }
        return output
    }

    private func expand(_ directive: Character) -> String {
        let days = Self.days(year: year, month: month, day: day)
        switch directive {
        case "Y": return Self.pad(year, 4)
        case "m": return Self.pad(month)
        case "d": return Self.pad(day)
        case "H": return Self.pad(hour)
        case "M": return Self.pad(minute)
        case "S": return Self.pad(second)
        case "f": return Self.pad(microsecond, 6)
        case "y": return Self.pad(year % 100)
        case "j": return Self.pad(Int(days - Self.days(year: year, month: 1, day: 1)) + 1, 3)
        case "a": return String(Self.weekdays[weekday].prefix(3))
        case "A": return Self.weekdays[weekday]
        case "b": return String(Self.months[month - 1].prefix(3))
        case "B": return Self.months[month - 1]
        case "p": return hour < 12 ? "AM" : "PM"
        case "I": return Self.pad(hour % 12 == 0 ? 12 : hour % 12)
        case "z": return "+0000"
        case "Z": return "UTC"
        case "%": return "%"
        default: return "%" + String(directive)
        }
    }

    /// 0 for Monday ... 6 for Sunday (1970-01-01 was a Thursday).
    private var weekday: Int {
        let days = Self.days(year: year, month: month, day: day)
        return Int(((days % 7) + 7 + 3) % 7)
    }

    /// Parses `text` with a Python `strptime` format; nil when it does not match.
    static func parse(_ text: String, format: String) -> TemplateDate? {
        var fields = ["Y": 1900, "m": 1, "d": 1, "H": 0, "M": 0, "S": 0, "f": 0]
        var input = Substring(text)
        var iterator = format.makeIterator()
        while let character = iterator.next() {
            if character != "%" {
                guard input.first == character else { return nil }
                input.removeFirst()
                continue
            }
            guard let directive = iterator.next() else { return nil }
            if directive == "%" {
                guard input.first == "%" else { return nil }
                input.removeFirst()
                continue
            }
            let widths: ClosedRange<Int>
            switch directive {
            case "Y": widths = 4...4
            case "m", "d", "H", "M", "S": widths = 1...2
            case "f": widths = 1...6
            default: return nil
            }
            let digits = input.prefix(widths.upperBound).prefix { $0.isASCII && $0.isNumber }
            guard widths.contains(digits.count), let value = Int(digits) else { return nil }
            input.removeFirst(digits.count)
            fields[String(directive)] = directive == "f"
                ? value * Int(pow10(6 - digits.count)) : value
        }
        guard input.isEmpty, let year = fields["Y"], let month = fields["m"], let day = fields["d"],
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              let hour = fields["H"], hour < 24, let minute = fields["M"], minute < 60,
              let second = fields["S"], second < 60 else { return nil }
        return TemplateDate(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: fields["f"] ?? 0)
    }

    private static func pow10(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        Int(days(year: month == 12 ? year + 1 : year, month: month == 12 ? 1 : month + 1, day: 1)
            - days(year: year, month: month, day: 1))
    }
}
