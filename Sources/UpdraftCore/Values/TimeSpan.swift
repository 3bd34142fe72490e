import Foundation

/// A length of time written as users write it in DAG files: `"30s"`, `"5m"`, `"1h30m"`,
/// `"2d"`, or a bare number of seconds.
public struct TimeSpan: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds.
    public var seconds: Int64

    /// A span of `seconds` seconds.
    public init(seconds: Int64) { self.seconds = seconds }

    /// Parses `"90"`, `"90s"`, `"5m"`, `"1h30m"`, `"1d"`, `"1w"`; nil when the text is not
    /// a span. Units: s, m, h, d, w.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        if let n = Int64(t) {
            guard n >= 0 else { return nil }
            self.seconds = n
            return
        }
        var total: Int64 = 0
        var digits = ""
        for ch in t {
            if ch.isASCII, ch.isNumber {
                digits.append(ch)
                continue
            }
            guard let n = Int64(digits) else { return nil }
            let unit: Int64
            switch ch {
            case "s": unit = 1
            case "m": unit = 60
            case "h": unit = 3600
            case "d": unit = 86_400
            case "w": unit = 604_800
            default: return nil
            }
            let (product, overflow1) = n.multipliedReportingOverflow(by: unit)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
            digits = ""
        }
        guard digits.isEmpty else { return nil }
        self.seconds = total
    }

    public static func < (a: TimeSpan, b: TimeSpan) -> Bool { a.seconds < b.seconds }

    /// The shortest spelling: `"1h30m"`, `"45s"`, `"0s"`.
    public var description: String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var out = ""
        for (unit, name) in [(Int64(86_400), "d"), (3600, "h"), (60, "m"), (1, "s")] where rest >= unit {
            out += "\(rest / unit)\(name)"
            rest %= unit
        }
        return out
    }
}
