import Foundation

/// Connections from the environment, as Airflow's `AIRFLOW_CONN_*`: `UPDRAFT_CONN_MY_DB`
/// defines conn_id `my_db`, its value a URI or (starting with `{`) a JSON object. They win
/// over the store's. A pure function of the environment it is given.
public enum EnvironmentConnections {
    /// The prefix.
    public static let prefix = "UPDRAFT_CONN_"

    /// The connections `environment` defines, by conn_id, and an error for each variable
    /// that does not parse (named, with what is wrong).
    public static func read(_ environment: [String: String]) -> (connections: [String: Connection], problems: [ConnectionError]) {
        var connections: [String: Connection] = [:]
        var problems: [ConnectionError] = []
        for (name, value) in environment where name.hasPrefix(prefix) && name.count > prefix.count {
            let id = String(name.dropFirst(prefix.count)).lowercased()
            do {
                connections[id] = try connection(value, connId: id, variable: name)
            } catch {
                problems.append(error)
            }
        }
        return (connections, problems.sorted { $0.context < $1.context })
    }

    /// Reads one variable's value.
    public static func connection(_ value: String, connId: String, variable: String) throws(ConnectionError) -> Connection {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            guard case .success(.object(let object)) = JSONText.parse(Data(trimmed.utf8)) else {
                throw ConnectionError(.invalidJSON, "starts with '{' but is not a JSON object", context: "environment variable \(variable)")
            }
            return try ConnectionJSON.connection(object, connId: connId, at: "environment variable \(variable)")
        }
        do {
            return try ConnectionURI.parse(trimmed, connId: connId)
        } catch {
            throw ConnectionError(error.code, error.message, context: "environment variable \(variable)")
        }
    }
}
