import Foundation
import UpdraftCore

/// Reads the downstream task ids a branch task chose: from a bash branch's last stdout
/// line (a JSON list of strings, or comma-separated ids) or a Swift branch's returned
/// value (a string, or an array of strings). Nothing chosen = every downstream task skipped.
enum BranchChoice {
    /// Ids from a line: `["a","b"]` or `a, b`. Throws a sentence on a malformed JSON list.
    static func parse(line: String?) throws(XComFailure) -> [String] {
        guard let line = line?.trimmingWhitespace, !line.isEmpty else { return [] }
        if line.hasPrefix("[") {
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(line.utf8)) else {
                throw XComFailure(message: "branch output '\(line.prefix(200))' starts with '[' but is not a JSON list of task ids")
            }
            return try parse(value: value)
        }
        return line.split(separator: ",").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
    }

    /// Ids from a Swift branch's return value.
    static func parse(value: JSONValue?) throws(XComFailure) -> [String] {
        switch value {
        case nil, .null: return []
        case .string(let id): return id.isEmpty ? [] : [id]
        case .array(let items):
            var ids: [String] = []
            for item in items {
                guard case .string(let id) = item else {
                    throw XComFailure(message: "branch returned a list with a non-string item (\(item)); expected task ids")
                }
                ids.append(id)
            }
            return ids
        case .some(let other):
            throw XComFailure(message: "branch returned \(other); expected a task id or a list of task ids")
        }
    }
}
