import Foundation
import GRDB

extension SQLiteStore {
    /// Every allowed client key, by name.
    public func allowedKeys() async throws -> [AllowedKeyRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM client_key ORDER BY name").map(Self.allowedKeyRecord)
        }
    }

    /// Allows a key unless its name or key is taken; bumps the allow-list version when stored.
    public func allowKey(_ record: AllowedKeyRecord) async throws -> AllowKeyOutcome {
        let problems = record.problems
        guard problems.isEmpty else {
            throw StoreError(.invalidArgument, problems.joined(separator: "; "), context: "client_key \(record.name)")
        }
        return try await mapErrors {
            try await pool.write { db -> AllowKeyOutcome in
                if try Bool.fetchOne(db, sql: "SELECT 1 FROM client_key WHERE name = ?", arguments: [record.name]) != nil {
                    return .nameTaken
                }
                if let other = try String.fetchOne(
                    db, sql: "SELECT name FROM client_key WHERE public_key = ?", arguments: [record.publicKey]) {
                    return .keyTaken(name: other)
                }
                try db.execute(
                    sql: "INSERT INTO client_key (name, public_key, role, queues, added_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [record.name, record.publicKey, record.role.rawValue, record.queuesColumn,
                                StoreColumns.seconds(record.addedAt)])
                try db.execute(sql: "UPDATE client_key_version SET value = value + 1 WHERE id = 1")
                return .added
            }
        }
    }

    /// Revokes the key named `name`; false when there was none.
    public func revokeKey(name: String) async throws -> Bool {
        try await mapErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM client_key WHERE name = ?", arguments: [name])
                guard db.changesCount > 0 else { return false }
                try db.execute(sql: "UPDATE client_key_version SET value = value + 1 WHERE id = 1")
                return true
            }
        }
    }

    /// The allow-list version: bumped by every allow and revoke, from any process.
    public func allowListVersion() async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM client_key_version WHERE id = 1") ?? 0
        }
    }

    private static func allowedKeyRecord(_ row: Row) throws -> AllowedKeyRecord {
        let name: String = row["name"]
        let roleText: String = row["role"]
        guard let role = ClientKeyRole(rawValue: roleText) else {
            throw StoreError(.corruptRow, "unknown role '\(roleText)'", context: "client_key \(name)")
        }
        return AllowedKeyRecord(
            name: name, publicKey: row["public_key"], role: role,
            queues: AllowedKeyRecord.queues(fromColumn: row["queues"]),
            addedAt: try StoreColumns.requiredDate(row, "added_at", table: "client_key", key: name))
    }
}
