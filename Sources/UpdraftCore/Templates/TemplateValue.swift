import Foundation

/// JSON `null` inside a template: renders as an empty string, `null` inside JSON output.
struct TemplateNull: CustomStringConvertible {
    var description: String { "" }
}

/// Conversions between Updraft's `JSONValue` and the loosely typed values Stencil works on,
/// and the final text of a value.
enum TemplateValue {
    /// The Stencil value for `json`: `String`, `Int`, `Double`, `Bool`, `[Any]`, `[String: Any]`,
    /// `TemplateNull`. Integers become `Int` so that Stencil compares and prints them plainly.
    static func stencil(_ json: JSONValue) -> Any {
        switch json {
        case .null: TemplateNull()
        case .bool(let bool): bool
        case .int(let int): Int(int)
        case .double(let double): double
        case .string(let string): string
        case .array(let items): items.map(stencil) as [Any]
        case .object(let members): members.mapValues(stencil) as [String: Any]
        }
    }

    /// The text a value renders to: strings as they are, numbers and booleans plainly
    /// (`10`, `1.5`, `true`), dates like Python's `str(datetime)`, lists and dictionaries as
    /// JSON (keys sorted), undefined and null as an empty string.
    static func text(_ value: Any?) -> String {
        guard let value else { return "" }
        switch value {
        case let string as String: return string
        case is [Any], is [String: Any], is [Any?]: return json(value)
        case let convertible as CustomStringConvertible: return convertible.description
        default: return String(describing: value)
        }
    }

    /// `value` as JSON text (keys sorted); dates become strings, undefined becomes `null`.
    static func json(_ value: Any?) -> String {
        var output = ""
        appendJSON(value, to: &output)
        return output
    }

    private static func appendJSON(_ value: Any?, to output: inout String) {
        guard let value, !(value is TemplateNull) else {
            output += "null"
            return
        }
        switch value {
        case let string as String: JSONText.writeString(string, to: &output)
        case let bool as Bool: output += bool ? "true" : "false"
        case let int as Int: output += String(int)
        case let int as Int64: output += String(int)
        case let double as Double: output += double.isFinite ? String(double) : "null"
        case let float as Float: output += float.isFinite ? String(float) : "null"
        case let items as [Any?]:
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += "," }
                appendJSON(item, to: &output)
            }
            output += "]"
        case let members as [String: Any]:
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                JSONText.writeString(key, to: &output)
                output += ":"
                appendJSON(members[key], to: &output)
            }
            output += "}"
        default: JSONText.writeString(text(value), to: &output)
        }
    }
}
