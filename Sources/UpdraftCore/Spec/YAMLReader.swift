import Foundation
import Yams

/// Reads typed values out of Yams nodes for one DAG file, collecting every error with its
/// file:line:column instead of stopping at the first.
///
/// Files are composed with Yams' `basic` resolver (no regular expressions per scalar, which
/// keeps loading fast); this reader types plain scalars itself: `null`/`~`/empty, `true`/
/// `false`, integers, floats, anything else a string. Quoted scalars are always strings.
struct YAMLReader {
    /// The file name used in errors.
    let file: String
    /// Errors found so far.
    var errors: [DagError] = []

    init(file: String) { self.file = file }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func fail(_ code: DagError.Code, _ message: String, at node: Node, task: String? = nil, key: String? = nil) {
        errors.append(DagError(code, message, taskId: task, key: key).placed(at: location(node)))
    }

    /// The pairs of a mapping node, or nil (with an error) for other nodes.
    mutating func mapping(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let m) = node else {
            fail(.invalidValue, "\(what) must be a mapping of keys to values", at: node)
            return nil
        }
        return m.map { (key: $0.key.scalar?.string ?? "", keyNode: $0.key, value: $0.value) }
    }

    /// Reports keys of `pairs` that are not in `allowed` (with a "did you mean" hint).
    mutating func checkKeys(_ pairs: [(key: String, keyNode: Node, value: Node)], allowed: Set<String>,
                            in what: @autoclosure () -> String, task: String? = nil,
                            explain: (String) -> String? = { _ in nil }) {
        for pair in pairs where !allowed.contains(pair.key) {
            let reason = explain(pair.key) ?? Suggestion.hint(for: pair.key, in: allowed.sorted())
            fail(.unknownKey, "unknown key '\(pair.key)' in \(what())\(reason)", at: pair.keyNode, task: task, key: pair.key)
        }
    }

    /// The typed value of a scalar node.
    static func scalarValue(_ node: Node) -> JSONValue? {
        guard case .scalar(let s) = node else { return nil }
        let text = s.string
        guard s.style == .plain else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let i = Int64(text) { return .int(i) }
        if let first = text.utf8.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
            || first == UInt8(ascii: ".") || (first >= 48 && first <= 57),
           let d = Double(text), d.isFinite {
            return .double(d)
        }
        return .string(text)
    }

    /// True when the node is a null scalar.
    static func isNull(_ node: Node) -> Bool { scalarValue(node) == .null }

    mutating func string(_ node: Node, key: String, task: String? = nil) -> String? {
        guard case .scalar(let s) = node, !Self.isNull(node) || s.style != .plain else {
            fail(.invalidValue, "\(key) must be a text value", at: node, task: task, key: key)
            return nil
        }
        return s.string
    }

    mutating func int(_ node: Node, key: String, task: String? = nil) -> Int? {
        if case .int(let i)? = Self.scalarValue(node), let v = Int(exactly: i) { return v }
        fail(.invalidValue, "\(key) must be a whole number, got '\(node.scalar?.string ?? "a collection")'",
             at: node, task: task, key: key)
        return nil
    }

    mutating func bool(_ node: Node, key: String, task: String? = nil) -> Bool? {
        if case .bool(let b)? = Self.scalarValue(node) { return b }
        fail(.invalidValue, "\(key) must be true or false, got '\(node.scalar?.string ?? "a collection")'",
             at: node, task: task, key: key)
        return nil
    }

    mutating func timeSpan(_ node: Node, key: String, task: String? = nil) -> TimeSpan? {
        if let text = node.scalar?.string, let span = TimeSpan(parsing: text) { return span }
        fail(.invalidValue, "\(key) must be a duration such as 30s, 5m, 1h30m, 1d or a number of seconds, got '\(node.scalar?.string ?? "a collection")'",
             at: node, task: task, key: key)
        return nil
    }

    /// A list of strings; a single string counts as a one-element list.
    mutating func stringList(_ node: Node, key: String, task: String? = nil) -> [String]? {
        switch node {
        case .scalar:
            return string(node, key: key, task: task).map { [$0] }
        case .sequence(let seq):
            var out: [String] = []
            for item in seq {
                guard let s = string(item, key: key, task: task) else { return nil }
                out.append(s)
            }
            return out
        default:
            fail(.invalidValue, "\(key) must be a text value or a list of them", at: node, task: task, key: key)
            return nil
        }
    }

    /// A mapping of strings to strings (numbers and booleans are taken as written).
    mutating func stringMap(_ node: Node, key: String, task: String? = nil) -> [String: String]? {
        guard let pairs = mapping(node, what: key) else { return nil }
        var out: [String: String] = [:]
        for pair in pairs {
            guard case .scalar(let s) = pair.value else {
                fail(.invalidValue, "\(key).\(pair.key) must be a text value", at: pair.value, task: task, key: key)
                continue
            }
            out[pair.key] = s.string
        }
        return out
    }

    /// Any YAML value as JSON.
    mutating func json(_ node: Node, key: String) -> JSONValue {
        switch node {
        case .scalar: return Self.scalarValue(node) ?? .null
        case .sequence(let seq): return .array(seq.map { json($0, key: key) })
        case .mapping(let m):
            var out: [String: JSONValue] = [:]
            for (k, v) in m { out[k.scalar?.string ?? ""] = json(v, key: key) }
            return .object(out)
        case .alias:
            fail(.invalidValue, "\(key): aliases are not supported here", at: node, key: key)
            return .null
        }
    }
}
