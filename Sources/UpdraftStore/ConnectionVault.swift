import Foundation
import UpdraftCore

/// Connections with their secrets: stored ones (password and extra sealed with the home's
/// ``SecretBox``) and `UPDRAFT_CONN_<ID>` ones from the environment, which win. The one
/// place that seals and opens them.
public struct ConnectionVault: Sendable {
    /// The store holding sealed connections.
    public let store: any MetaStore
    /// The key file (`secret.key` in the home).
    public let keyPath: String

    /// A vault over `store` with the key at `keyPath`.
    public init(store: any MetaStore, keyPath: String) {
        self.store = store
        self.keyPath = keyPath
    }

    /// A vault over `store` with `home`'s key.
    public init(store: any MetaStore, home: UpdraftHome) {
        self.init(store: store, keyPath: home.secretKeyPath)
    }

    /// Every stored connection, opened, by conn_id.
    public func storedConnections() async throws -> [Connection] {
        let records = try await store.connections()
        guard records.contains(where: { $0.sealedPassword != nil || $0.sealedExtra != nil }) else {
            return records.map { Self.connection($0, password: "", extra: "") }
        }
        let box = try SecretBox.forReading(keyPath: keyPath)
        return try records.map { try open($0, box) }
    }

    /// One stored connection, opened; nil when there is none.
    public func stored(_ connId: String) async throws -> Connection? {
        guard let record = try await store.connection(connId) else { return nil }
        guard record.sealedPassword != nil || record.sealedExtra != nil else {
            return Self.connection(record, password: "", extra: "")
        }
        return try open(record, try SecretBox.forReading(keyPath: keyPath))
    }

    /// Stores `connection` (replacing one with its conn_id), its password and extra sealed.
    /// `ConnectionError` `.invalidField` for a bad conn_id or an extra that is not an object.
    public func save(_ connection: Connection) async throws {
        if let problem = Connection.problem(withID: connection.connId) {
            throw ConnectionError(.invalidField, problem, context: "connection \(connection.connId)")
        }
        if connection.connType.isEmpty {
            throw ConnectionError(.invalidField, "conn_type is empty", context: "connection \(connection.connId)")
        }
        if !connection.extra.isEmpty, case .success(.object) = JSONText.parse(Data(connection.extra.utf8)) {} else if !connection.extra.isEmpty {
            throw ConnectionError(.invalidField, "extra is not a JSON object", context: "connection \(connection.connId)")
        }
        var record = ConnectionRecord(
            connId: connection.connId, connType: connection.connType, description: connection.description,
            host: connection.host, port: connection.port, login: connection.login, schema: connection.schema)
        if !connection.password.isEmpty || !connection.extra.isEmpty {
            let box = try SecretBox.forWriting(keyPath: keyPath)
            if !connection.password.isEmpty { record.sealedPassword = try box.seal(connection.password) }
            if !connection.extra.isEmpty { record.sealedExtra = try box.seal(connection.extra) }
        }
        try await store.setConnection(record)
    }

    /// Deletes a stored connection; false when there was none.
    public func delete(_ connId: String) async throws -> Bool {
        try await store.deleteConnection(connId)
    }

    /// Every connection tasks can use, by conn_id: the environment's over the store's, and
    /// the environment variables that do not parse.
    public func all(environment: [String: String]) async throws -> (connections: [String: Connection], problems: [ConnectionError]) {
        var connections: [String: Connection] = [:]
        for connection in try await storedConnections() { connections[connection.connId] = connection }
        let fromEnvironment = EnvironmentConnections.read(environment)
        connections.merge(fromEnvironment.connections) { _, environment in environment }
        return (connections, fromEnvironment.problems)
    }

    /// One connection, the environment's first; nil when neither defines it.
    public func lookup(_ connId: String, environment: [String: String]) async throws -> Connection? {
        let variable = Connection.environmentName(for: connId)
        if let value = environment[variable] {
            return try EnvironmentConnections.connection(value, connId: connId, variable: variable)
        }
        return try await stored(connId)
    }

    private func open(_ record: ConnectionRecord, _ box: SecretBox) throws -> Connection {
        let password = try record.sealedPassword.map { try box.open($0, what: "connection \(record.connId)'s password") } ?? ""
        let extra = try record.sealedExtra.map { try box.open($0, what: "connection \(record.connId)'s extra") } ?? ""
        return Self.connection(record, password: password, extra: extra)
    }

    private static func connection(_ record: ConnectionRecord, password: String, extra: String) -> Connection {
        Connection(
            connId: record.connId, connType: record.connType, description: record.description, host: record.host,
            port: record.port, login: record.login, password: password, schema: record.schema, extra: extra)
    }
}
