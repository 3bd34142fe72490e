import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Every allowed client key, by name.
    public func allowedKeys() async throws -> [AllowedKeyRecord] {
        try await rows("SELECT * FROM client_key ORDER BY name").map(PostgresRecords.allowedKey)
    }

    /// Allows a key unless its name or key is taken; bumps the allow-list version when stored.
    public func allowKey(_ record: AllowedKeyRecord) async throws -> AllowKeyOutcome {
        let problems = record.problems
        guard problems.isEmpty else {
            throw StoreError(.invalidArgument, problems.joined(separator: "; "), context: "client_key \(record.name)")
        }
        let added = try PostgresWrites.seconds(record.addedAt, "client_key \(record.name) added_at")
        let (name, key, role, queues) = (record.name, record.publicKey, record.role.rawValue, record.queuesColumn)
        let logger = logger
        return try await mapErrors {
            try await Self.inTransaction(client, logger: logger) { connection -> AllowKeyOutcome in
                let inserted = try await connection.query("""
                    INSERT INTO client_key (name, public_key, role, queues, added_at)
                    VALUES (\(name), \(key), \(role), \(queues), \(added))
                    ON CONFLICT DO NOTHING RETURNING 1
                    """, logger: logger).collect().count > 0
                if inserted {
                    try await connection.query(
                        "UPDATE client_key_version SET value = value + 1 WHERE id = 1", logger: logger)
                    try await PostgresWrites.bumpVersion(connection, external: false, logger: logger)
                    return .added
                }
                if try await connection.query("SELECT 1 FROM client_key WHERE name = \(name)", logger: logger)
                    .collect().count > 0 {
                    return .nameTaken
                }
                let other = try await connection.query("SELECT name FROM client_key WHERE public_key = \(key)", logger: logger)
                    .collect().first.map { try PostgresColumns($0.makeRandomAccess(), table: "client_key").string("name") }
                return .keyTaken(name: other ?? "?")
            }
        }
    }

    /// Revokes the key named `name`; false when there was none.
    public func revokeKey(name: String) async throws -> Bool {
        let logger = logger
        return try await mapErrors {
            try await Self.inTransaction(client, logger: logger) { connection -> Bool in
                guard try await connection.query("DELETE FROM client_key WHERE name = \(name) RETURNING 1", logger: logger)
                    .collect().count > 0 else { return false }
                try await connection.query("UPDATE client_key_version SET value = value + 1 WHERE id = 1", logger: logger)
                try await PostgresWrites.bumpVersion(connection, external: false, logger: logger)
                return true
            }
        }
    }

    /// The allow-list version: bumped by every allow and revoke, from any process.
    public func allowListVersion() async throws -> Int64 {
        try await rows("SELECT value FROM client_key_version WHERE id = 1").first
            .map { try PostgresColumns($0, table: "client_key_version").value("value", as: Int64.self) } ?? 0
    }
}

extension PostgresRecords {
    static func allowedKey(_ row: PostgresRandomAccessRow) throws -> AllowedKeyRecord {
        let r = PostgresColumns(row, table: "client_key")
        let name = try r.string("name")
        let roleText = try r.string("role")
        guard let role = ClientKeyRole(rawValue: roleText) else {
            throw StoreError(.corruptRow, "unknown role '\(roleText)'", context: "client_key \(name)")
        }
        return AllowedKeyRecord(
            name: name, publicKey: try r.string("public_key"), role: role,
            queues: AllowedKeyRecord.queues(fromColumn: try r.string("queues")), addedAt: try r.date("added_at"))
    }
}
