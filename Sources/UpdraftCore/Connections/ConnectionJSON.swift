import Foundation

/// Connections as JSON, in Airflow's field names: one connection as an object (an
/// `UPDRAFT_CONN_<ID>` value starting with `{`), or a file of them by conn_id, the form
/// `airflow connections export --file-format json` writes:
/// `{"my_db": {"conn_type": "postgres", "host": "db", "port": 5432, "login": "u", ...}}`.
public enum ConnectionJSON {
    /// The fields a connection object may have.
    public static let fields: Set<String> = ["conn_type", "description", "host", "port", "login", "password", "schema", "extra"]

    /// Reads one connection object; `where` names its place for errors.
    public static func connection(_ object: [String: JSONValue], connId: String, at place: String) throws(ConnectionError) -> Connection {
        func fail(_ message: String) -> ConnectionError { ConnectionError(.invalidJSON, message, context: place) }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw fail("unknown field '\(unknown)' (expected \(fields.sorted().joined(separator: ", ")))")
        }
        func text(_ name: String) throws(ConnectionError) -> String {
            switch object[name] {
            case nil, .null: return ""
            case .string(let value): return value
            default: throw fail("'\(name)' must be a string")
            }
        }
        guard case .string(let type)? = object["conn_type"], !type.isEmpty else {
            throw fail("'conn_type' is missing (a string such as \"postgres\")")
        }
        var connection = Connection(connId: connId, connType: ConnectionURI.normalizedType(type))
        connection.description = try text("description")
        connection.host = try text("host")
        connection.login = try text("login")
        connection.password = try text("password")
        connection.schema = try text("schema")
        switch object["port"] {
        case nil, .null: break
        case .int(let port) where (0...65535).contains(port): connection.port = Int(port)
        case .string(let port) where Int(port).map { (0...65535).contains($0) } == true: connection.port = Int(port)
        default: throw fail("'port' must be a number from 0 to 65535")
        }
        switch object["extra"] {
        case nil, .null: break
        case .object(let members): connection.extra = String(decoding: JSONText.data(.object(members)), as: UTF8.self)
        case .string(let value) where value.isEmpty: break
        case .string(let value):
            guard case .success(.object) = JSONText.parse(Data(value.utf8)) else { throw fail("'extra' is not a JSON object") }
            connection.extra = value
        default: throw fail("'extra' must be a JSON object or a string holding one")
        }
        return connection
    }

    /// Reads a file of connections by conn_id (Airflow's export form), sorted by conn_id.
    public static func document(_ data: Data, at place: String) throws(ConnectionError) -> [Connection] {
        let parsed: JSONValue
        switch JSONText.parse(data) {
        case .success(let value): parsed = value
        case .failure(let error):
            throw ConnectionError(.invalidJSON, "not JSON: \(error)", context: place)
        }
        guard case .object(let byID) = parsed else {
            throw ConnectionError(.invalidJSON, "expected an object of connections by conn_id", context: place)
        }
        var connections: [Connection] = []
        for id in byID.keys.sorted() {
            if let problem = Connection.problem(withID: id) { throw ConnectionError(.invalidField, problem, context: place) }
            guard case .object(let object) = byID[id] else {
                throw ConnectionError(.invalidJSON, "connection '\(id)' is not an object", context: place)
            }
            connections.append(try connection(object, connId: id, at: "\(place), connection \(id)"))
        }
        return connections
    }

    /// The export form of `connections` (pretty, keys sorted): passwords in clear, as
    /// Airflow's export, so it belongs in a file, never in a log.
    public static func export(_ connections: [Connection]) -> String {
        var byID: [String: JSONValue] = [:]
        for connection in connections {
            byID[connection.connId] = .object([
                "conn_type": .string(connection.connType), "description": .string(connection.description),
                "host": .string(connection.host), "port": connection.port.map { .int(Int64($0)) } ?? .null,
                "login": .string(connection.login), "password": .string(connection.password),
                "schema": .string(connection.schema), "extra": .string(connection.extra),
            ])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(JSONValue.object(byID))) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
