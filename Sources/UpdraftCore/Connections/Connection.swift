import Foundation

/// A connection in Airflow's model: where an external system is and how to log in.
///
/// Tasks read it as `{{ conn.my_db.host }}`, `{{ conn.my_db.password }}`, or get it whole in
/// the environment with `connections: [my_db]` (`UPDRAFT_CONN_MY_DB` holding its URI). The
/// password and `extra` are secrets: encrypted at rest, masked in logs.
public struct Connection: Sendable, Hashable, Codable {
    /// `conn_id`: lower-case letters, digits, `_`, `-` and `.`.
    public var connId: String
    /// `conn_type` (`postgres`, `http`, `smtp`, `slack`...), from the URI's scheme.
    public var connType: String
    /// Free text.
    public var description: String
    /// Host name or address; empty when unset.
    public var host: String
    /// Port; nil when unset.
    public var port: Int?
    /// User name; empty when unset.
    public var login: String
    /// Password; empty when unset.
    public var password: String
    /// Airflow's `schema` (the database, or the path part of the URI); empty when unset.
    public var schema: String
    /// Extra settings as JSON text (an object, as Airflow keeps it); empty when unset.
    public var extra: String

    /// A connection; only `connId` and `connType` are required.
    public init(
        connId: String, connType: String, description: String = "", host: String = "", port: Int? = nil,
        login: String = "", password: String = "", schema: String = "", extra: String = ""
    ) {
        self.connId = connId
        self.connType = connType
        self.description = description
        self.host = host
        self.port = port
        self.login = login
        self.password = password
        self.schema = schema
        self.extra = extra
    }

    /// `extra` parsed: its object's members, empty when `extra` is empty or not an object.
    public var extraObject: [String: JSONValue] {
        guard !extra.isEmpty, let value = try? JSONDecoder().decode(JSONValue.self, from: Data(extra.utf8)),
              case .object(let members) = value else { return [:] }
        return members
    }

    /// The values that must never be shown: the password, its percent-encoded form (as it
    /// appears in the URI), and the values of `extra` members with a secret-looking name.
    public var secretValues: [String] {
        var values: [String] = []
        if !password.isEmpty {
            values.append(password)
            let encoded = ConnectionURI.percentEncoded(password)
            if encoded != password { values.append(encoded) }
        }
        for (key, value) in extraObject where SensitiveNames.isSensitive(key) {
            if case .string(let text) = value, !text.isEmpty { values.append(text) }
        }
        return values
    }

    /// Whether `id` is a valid `conn_id`, and why not.
    public static func problem(withID id: String) -> String? {
        if id.isEmpty { return "a conn_id cannot be empty" }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        if let bad = id.first(where: { !allowed.contains($0) }) {
            return "conn_id '\(id)' contains '\(bad)': use letters, digits, '_', '-' and '.'"
        }
        if id.count > 250 { return "conn_id '\(id.prefix(20))...' is longer than 250 characters" }
        return nil
    }

    /// The environment variable a task gets for it with `connections: [id]`:
    /// `UPDRAFT_CONN_` + the id in upper case with `-` and `.` as `_`.
    public static func environmentName(for id: String) -> String {
        "UPDRAFT_CONN_" + String(id.uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 })
    }

    /// What a template sees as `conn.<id>`: every field by Airflow's name, plus
    /// `extra_dejson` (the parsed extra).
    public var templateFields: [String: JSONValue] {
        [
            "conn_id": .string(connId), "conn_type": .string(connType), "description": .string(description),
            "host": .string(host), "port": port.map { .int(Int64($0)) } ?? .null, "login": .string(login),
            "password": .string(password), "schema": .string(schema), "extra": .string(extra),
            "extra_dejson": .object(extraObject),
        ]
    }
}
