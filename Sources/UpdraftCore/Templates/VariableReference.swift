import Foundation

/// A variable a template reads by name: `var.name`, `var.value.name` or `var.json.name`;
/// or a connection: `conn.my_db.host`.
///
/// As in Airflow, where `Variable.get` raises `KeyError`, reading a variable that does not exist
/// fails the render instead of rendering empty: a command built with a missing bucket name is
/// worse than a failed task. `var.value.get('name', 'fallback')` is the way to allow it.
struct VariableReference: Equatable {
    let name: String
    let isJSON: Bool
    /// `conn.<name>`: a connection, not a variable.
    var isConnection = false
    let offset: Int

    /// The reference in a dotted path starting with `var.`, if any.
    init?(path: String, offset: Int) {
        let parts = path.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        if parts.count >= 2, parts[0] == "conn", !parts[1].isEmpty {
            name = String(parts[1])
            isJSON = false
            isConnection = true
            self.offset = offset
            return
        }
        guard parts.count >= 2, parts[0] == "var" else { return nil }
        if parts[1] == "value" || parts[1] == "json" {
            guard parts.count >= 3 else { return nil }
            name = String(parts[2])
            isJSON = parts[1] == "json"
        } else {
            name = String(parts[1])
            isJSON = false
        }
        self.offset = offset
    }

    /// Why reading it from `variables` (or `connections`) fails, or nil when it does not.
    func problem(in variables: [String: String], connections: [String: Connection] = [:]) -> TemplateIssue? {
        if isConnection {
            guard connections[name] == nil else { return nil }
            return TemplateIssue(
                code: .missingConnection,
                message: "connection '\(name)' is not defined (set \(Connection.environmentName(for: name)) or run updraft connections add \(name))",
                offset: offset)
        }
        guard let text = variables[name] else {
            return TemplateIssue(
                code: .missingVariable,
                message: "variable '\(name)' does not exist (write var.value.get('\(name)', 'fallback') to allow that)",
                offset: offset)
        }
        guard isJSON else { return nil }
        guard (try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))) != nil else {
            return TemplateIssue(code: .missingVariable, message: "variable '\(name)' is not valid JSON", offset: offset)
        }
        return nil
    }
}
