/// Parses one cron field (`*`, `5`, `1-5`, `*/15`, `10-50/10`, `MON-FRI`, `1,15`) into the
/// set of values it allows. Errors name the field, the list item and the reason.
enum CronFieldParser {
    static func parse(_ text: String, as kind: CronFieldKind) throws(ScheduleError) -> CronValueSet {
        var set = CronValueSet(isStar: text.hasPrefix("*"))
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else {
                throw .cron(.invalidToken, kind, text, "empty item in list")
            }
            try parseItem(item, as: kind, into: &set)
        }
        if kind == .dayOfWeek, set.contains(7) {
            set.bits &= ~(UInt64(1) << 7)
            set.insert(0)
        }
        return set
    }

    private static func parseItem(
        _ item: String, as kind: CronFieldKind, into set: inout CronValueSet
    ) throws(ScheduleError) {
        if let bad = unsupportedSyntax(in: item) {
            throw .cron(.unsupportedSyntax, kind, item, "'\(bad)' is not supported (no L, W, # or ? in Updraft cron)")
        }
        let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            throw .cron(.invalidStep, kind, item, "more than one '/'")
        }
        var step = 1
        if parts.count == 2 {
            guard let n = Int(parts[1]), n > 0 else {
                throw .cron(.invalidStep, kind, item, "step must be a whole number >= 1")
            }
            step = n
        }
        let base = parts[0]
        let low: Int
        let high: Int
        if base == "*" {
            low = kind == .dayOfWeek ? 0 : kind.bounds.lowerBound
            high = kind == .dayOfWeek ? 6 : kind.bounds.upperBound
        } else if let dash = base.firstIndex(of: "-") {
            low = try value(String(base[..<dash]), kind, item)
            high = try value(String(base[base.index(after: dash)...]), kind, item)
            guard low <= high else {
                throw .cron(.invalidRange, kind, item, "range start \(low) is greater than end \(high)")
            }
        } else {
            low = try value(base, kind, item)
            // `5/15` means `5-max/15`, as cronie and croniter read it.
            high = parts.count == 2 ? kind.bounds.upperBound : low
        }
        for v in stride(from: low, through: high, by: step) { set.insert(v) }
    }

    /// A number or (for month/day-of-week) a name, checked against the field's bounds.
    private static func value(_ text: String, _ kind: CronFieldKind, _ item: String) throws(ScheduleError) -> Int {
        if let named = kind.names[text.uppercased()] { return named }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(text) else {
            let what = kind.names.isEmpty ? "a number" : "a number or a name"
            throw .cron(.invalidToken, kind, item, "\"\(text)\" is not \(what)")
        }
        guard kind.bounds.contains(n) else {
            let range = "\(kind.bounds.lowerBound)-\(kind.bounds.upperBound)"
            let why = text == item ? "value out of range \(range)" : "value \(n) out of range \(range)"
            throw .cron(.valueOutOfRange, kind, item, why)
        }
        return n
    }

    /// The Quartz-style syntax in `item` (`L`, `W`, `LW`, `#`, `?`), if any.
    private static func unsupportedSyntax(in item: String) -> String? {
        if let ch = item.first(where: { $0 == "#" || $0 == "?" }) { return String(ch) }
        let words = item.uppercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        return words.first { $0 == "L" || $0 == "W" || $0 == "LW" }
    }
}
