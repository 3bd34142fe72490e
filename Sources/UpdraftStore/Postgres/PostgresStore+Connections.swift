import Foundation
import PostgresNIO

extension PostgresStore {
    /// Every stored connection, by conn_id.
    public func connections() async throws -> [ConnectionRecord] {
        try await rows("SELECT * FROM connection ORDER BY conn_id").map(PostgresRecords.connection)
    }

    /// One stored connection, or nil.
    public func connection(_ connId: String) async throws -> ConnectionRecord? {
        try await rows("SELECT * FROM connection WHERE conn_id = \(connId)").first.map(PostgresRecords.connection)
    }

    /// Creates or replaces a connection (its password and extra already sealed). Bumps the change token.
    public func setConnection(_ record: ConnectionRecord) async throws {
        guard !record.connId.isEmpty else {
            throw StoreError(.invalidArgument, "a connection needs a conn_id", context: "connection")
        }
        let logger = logger
        try await externalWrite { connection in
            try await connection.query("""
                INSERT INTO connection (conn_id, conn_type, description, host, port, login, schema_name,
                    sealed_password, sealed_extra)
                VALUES (\(record.connId), \(record.connType), \(record.description), \(record.host), \(record.port),
                    \(record.login), \(record.schema), \(record.sealedPassword), \(record.sealedExtra))
                ON CONFLICT (conn_id) DO UPDATE SET conn_type = excluded.conn_type, description = excluded.description,
                    host = excluded.host, port = excluded.port, login = excluded.login, schema_name = excluded.schema_name,
                    sealed_password = excluded.sealed_password, sealed_extra = excluded.sealed_extra
                """, logger: logger)
        }
    }

    /// Deletes a connection; false when there was none. Bumps the change token when deleted.
    public func deleteConnection(_ connId: String) async throws -> Bool {
        try await deleting("DELETE FROM connection WHERE conn_id = \(connId) RETURNING 1")
    }
}
