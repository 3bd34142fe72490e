import Foundation

/// Compact JSON text, keys sorted: one writer for the wire (XCom values, params, mapped
/// items) and for templates. Hand-written: JSONEncoder costs about 10× more per small
/// value, and every dispatch carries several.
public enum JSONText {
    /// UTF-8 JSON of `value`.
    public static func data(_ value: JSONValue) -> Data {
        var out = ""
        write(value, to: &out)
        return Data(out.utf8)
    }

    /// Parses JSON text into a ``JSONValue``, or the parser's error.
    public static func parse(_ data: Data) -> Result<JSONValue, Error> {
        Result { try JSONDecoder().decode(JSONValue.self, from: data) }
    }

    /// Appends the JSON text of `value`.
    public static func write(_ value: JSONValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite { out += d == d.rounded() && abs(d) < 1e15 ? String(format: "%.1f", d) : "\(d)" } else { out += "null" }
        case .string(let s): writeString(s, to: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                write(v, to: &out)
            }
            out += "]"
        case .object(let o):
            out += "{"
            for (i, k) in o.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(k, to: &out)
                out += ":"
                write(o[k]!, to: &out)
            }
            out += "}"
        }
    }

    /// Appends `s` as a quoted JSON string (quotes, backslashes and control characters escaped).
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
