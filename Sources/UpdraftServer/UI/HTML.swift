import Foundation

/// Building blocks of the server-rendered pages. Every string that comes from a user (a
/// DAG id, task id, description, log line, variable) goes through ``escape(_:)`` before it
/// reaches a page, so that `<script>` in any of them shows as text.
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references: safe inside
    /// element content and inside quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// `text` percent-encoded for one path segment or query value of a URL (then escaped
    /// for an attribute by the caller through ``href(_:)``).
    static func urlPart(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A `<time>` element the page's script shows in the browser's time zone, UTC on hover;
    /// an en dash when `date` is nil.
    static func time(_ date: Date?) -> String {
        guard let iso = APIWire.date(date) else { return "–" }
        return "<time datetime=\"\(iso)\" title=\"\(iso)\">\(iso)</time>"
    }

    /// A duration for people: `850 ms`, `12.3 s`, `4 min 5 s`, `2 h 3 min`.
    static func duration(_ seconds: TimeInterval?) -> String {
        guard let seconds, seconds >= 0 else { return "–" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return String(format: "%.1f s", seconds) }
        let s = Int(seconds.rounded())
        if s < 3600 { return "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \((s % 3600) / 60) min"
    }
}
