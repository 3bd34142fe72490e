import Foundation
import GRDB

extension SQLiteStore {
    /// Every API user, by username.
    public func apiUsers() async throws -> [APIUserRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_user ORDER BY username").map(Self.userRecord)
        }
    }

    /// One API user, or nil.
    public func apiUser(_ username: String) async throws -> APIUserRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_user WHERE username = ?", arguments: [username]).map(Self.userRecord)
        }
    }

    /// Adds a user; false when the username is taken.
    public func createAPIUser(_ record: APIUserRecord) async throws -> Bool {
        guard !record.username.isEmpty, !record.passwordHash.isEmpty else {
            throw StoreError(.invalidArgument, "a user needs a username and a password hash", context: "api_user")
        }
        return try await mapErrors {
            try await pool.write { db in
                try db.execute(
                    sql: "INSERT OR IGNORE INTO api_user (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                    arguments: [record.username, record.role.rawValue, record.passwordHash,
                                StoreColumns.seconds(record.createdAt)])
                return db.changesCount > 0
            }
        }
    }

    /// Deletes a user and their tokens; false when there was none.
    public func deleteAPIUser(_ username: String) async throws -> Bool {
        try await mapErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM api_token WHERE username = ?", arguments: [username])
                try db.execute(sql: "DELETE FROM api_user WHERE username = ?", arguments: [username])
                return db.changesCount > 0
            }
        }
    }

    /// Stores a token of an existing user.
    public func createAPIToken(_ record: APITokenRecord) async throws {
        let stored = try await mapErrors {
            try await pool.write { db -> Bool in
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM api_user WHERE username = ?",
                                        arguments: [record.username]) != nil else { return false }
                try db.execute(
                    sql: """
                        INSERT INTO api_token (token_id, username, token_hash, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?)
                        """,
                    arguments: [record.tokenId, record.username, record.tokenHash, StoreColumns.seconds(record.createdAt),
                                StoreColumns.seconds(record.expiresAt)])
                return true
            }
        }
        guard stored else {
            throw StoreError(.invalidArgument, "no API user '\(record.username)'", context: "api_token")
        }
    }

    /// The token whose SHA-256 is `hash`, or nil.
    public func apiToken(hash: String) async throws -> APITokenRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE token_hash = ?", arguments: [hash]).map(Self.tokenRecord)
        }
    }

    /// Every token, by user then creation time.
    public func apiTokens() async throws -> [APITokenRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY username, created_at, token_id").map(Self.tokenRecord)
        }
    }

    /// Deletes (revokes) a token; false when there was none.
    public func deleteAPIToken(id tokenId: String) async throws -> Bool {
        try await mapErrors {
            try await pool.write { db in
                try db.execute(sql: "DELETE FROM api_token WHERE token_id = ?", arguments: [tokenId])
                return db.changesCount > 0
            }
        }
    }

    private static func userRecord(_ row: Row) throws -> APIUserRecord {
        let username: String = row["username"]
        let roleText: String = row["role"]
        guard let role = APIRole(rawValue: roleText) else {
            throw StoreError(.corruptRow, "unknown role '\(roleText)'", context: "api_user \(username)")
        }
        return APIUserRecord(
            username: username, role: role, passwordHash: row["password_hash"],
            createdAt: try StoreColumns.requiredDate(row, "created_at", table: "api_user", key: username))
    }

    private static func tokenRecord(_ row: Row) throws -> APITokenRecord {
        let tokenId: String = row["token_id"]
        return APITokenRecord(
            tokenId: tokenId, username: row["username"], tokenHash: row["token_hash"],
            createdAt: try StoreColumns.requiredDate(row, "created_at", table: "api_token", key: tokenId),
            expiresAt: StoreColumns.date(row, "expires_at"))
    }
}
