import Foundation
import GRDB

extension SQLiteStore {
    /// Every stored connection, by conn_id.
    public func connections() async throws -> [ConnectionRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connection ORDER BY conn_id").map(Self.connectionRecord)
        }
    }

    /// One stored connection, or nil.
    public func connection(_ connId: String) async throws -> ConnectionRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM connection WHERE conn_id = ?", arguments: [connId]).map(Self.connectionRecord)
        }
    }

    /// Creates or replaces a connection. Bumps the change token.
    public func setConnection(_ record: ConnectionRecord) async throws {
        guard !record.connId.isEmpty else {
            throw StoreError(.invalidArgument, "a connection needs a conn_id", context: "connection")
        }
        try await externalWrite { db in
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO connection
                        (conn_id, conn_type, description, host, port, login, schema_name, sealed_password, sealed_extra)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [record.connId, record.connType, record.description, record.host, record.port, record.login,
                            record.schema, record.sealedPassword, record.sealedExtra])
        }
    }

    /// Deletes a connection; false when there was none. Bumps the change token when deleted.
    public func deleteConnection(_ connId: String) async throws -> Bool {
        try await externalWrite { db in
            try db.execute(sql: "DELETE FROM connection WHERE conn_id = ?", arguments: [connId])
            return db.changesCount > 0
        }
    }

    private static func connectionRecord(_ row: Row) -> ConnectionRecord {
        ConnectionRecord(
            connId: row["conn_id"], connType: row["conn_type"], description: row["description"], host: row["host"],
            port: row["port"], login: row["login"], schema: row["schema_name"],
            sealedPassword: row["sealed_password"], sealedExtra: row["sealed_extra"])
    }
}
