import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft connections ...`: where external systems are and how to log in (Airflow's
/// Connections). Passwords and extras are sealed in the store with the home's key file.
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Add, get, list, delete, import and export connections.",
        discussion: """
            A connection is read from UPDRAFT_CONN_<ID> (a URI or JSON) first, then from the store. \
            Tasks use {{ conn.ID.host }}, {{ conn.ID.password }}... or `connections: [ID]` (the URI in \
            UPDRAFT_CONN_<ID>). Passwords are never printed: they show as ***.
            """,
        subcommands: [ConnectionsAddCommand.self, ConnectionsGetCommand.self, ConnectionsListCommand.self,
                      ConnectionsDeleteCommand.self, ConnectionsImportCommand.self, ConnectionsExportCommand.self]
    )
}

/// A connection as the connections commands print it: the password as `***` when set,
/// secret-looking extra members too.
struct ConnectionRow: Codable, Equatable {
    var connId: String
    var connType: String
    var description: String
    var host: String
    var port: Int?
    var login: String
    var password: String
    var schema: String
    var extra: String
    /// `store` or `environment`.
    var source: String

    enum CodingKeys: String, CodingKey {
        case connId = "conn_id", connType = "conn_type", description, host, port, login, password, schema, extra, source
    }

    init(_ connection: Connection, source: String) {
        connId = connection.connId
        connType = connection.connType
        description = connection.description
        host = connection.host
        port = connection.port
        login = connection.login
        password = connection.password.isEmpty ? "" : SecretMasker.replacement
        schema = connection.schema
        extra = SecretMasker(secrets: connection.secretValues).mask(connection.extra)
        self.source = source
    }

    /// `name: value` lines.
    var text: String {
        [("conn_id", connId), ("conn_type", connType), ("description", description), ("host", host),
         ("port", port.map(String.init) ?? ""), ("login", login), ("password", password), ("schema", schema),
         ("extra", extra), ("source", source)]
            .map { "\($0.0): \($0.1)" }.joined(separator: "\n")
    }
}
