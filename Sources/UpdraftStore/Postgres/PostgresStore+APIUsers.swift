import Foundation
import Logging
import PostgresNIO

extension PostgresStore {
    /// Every API user, by username.
    public func apiUsers() async throws -> [APIUserRecord] {
        try await rows("SELECT * FROM api_user ORDER BY username").map(PostgresRecords.apiUser)
    }

    /// One API user, or nil.
    public func apiUser(_ username: String) async throws -> APIUserRecord? {
        try await rows("SELECT * FROM api_user WHERE username = \(username)").first.map(PostgresRecords.apiUser)
    }

    /// Adds a user; false when the username is taken.
    public func createAPIUser(_ record: APIUserRecord) async throws -> Bool {
        guard !record.username.isEmpty, !record.passwordHash.isEmpty else {
            throw StoreError(.invalidArgument, "a user needs a username and a password hash", context: "api_user")
        }
        let created = try PostgresWrites.seconds(record.createdAt, "api_user \(record.username) created_at")
        return try await write { connection, logger in
            try await connection.query("""
                INSERT INTO api_user (username, role, password_hash, created_at)
                VALUES (\(record.username), \(record.role.rawValue), \(record.passwordHash), \(created))
                ON CONFLICT (username) DO NOTHING RETURNING 1
                """, logger: logger).collect().count > 0
        }
    }

    /// Deletes a user and their tokens; false when there was none.
    public func deleteAPIUser(_ username: String) async throws -> Bool {
        try await write { connection, logger in
            try await connection.query("DELETE FROM api_token WHERE username = \(username)", logger: logger)
            return try await connection.query("DELETE FROM api_user WHERE username = \(username) RETURNING 1",
                                              logger: logger).collect().count > 0
        }
    }

    /// Stores a token of an existing user.
    public func createAPIToken(_ record: APITokenRecord) async throws {
        let created = try PostgresWrites.seconds(record.createdAt, "api_token \(record.tokenId) created_at")
        let expires = try PostgresWrites.seconds(record.expiresAt, "api_token \(record.tokenId) expires_at")
        let stored = try await write { connection, logger -> Bool in
            guard try await connection.query("SELECT 1 FROM api_user WHERE username = \(record.username)",
                                             logger: logger).collect().count > 0 else { return false }
            try await connection.query("""
                INSERT INTO api_token (token_id, username, token_hash, created_at, expires_at)
                VALUES (\(record.tokenId), \(record.username), \(record.tokenHash), \(created), \(expires))
                """, logger: logger)
            return true
        }
        guard stored else {
            throw StoreError(.invalidArgument, "no API user '\(record.username)'", context: "api_token")
        }
    }

    /// The token whose SHA-256 is `hash`, or nil.
    public func apiToken(hash: String) async throws -> APITokenRecord? {
        try await rows("SELECT * FROM api_token WHERE token_hash = \(hash)").first.map(PostgresRecords.apiToken)
    }

    /// Every token, by user then creation time.
    public func apiTokens() async throws -> [APITokenRecord] {
        try await rows("SELECT * FROM api_token ORDER BY username, created_at, token_id").map(PostgresRecords.apiToken)
    }

    /// Deletes (revokes) a token; false when there was none.
    public func deleteAPIToken(id tokenId: String) async throws -> Bool {
        try await write { connection, logger in
            try await connection.query("DELETE FROM api_token WHERE token_id = \(tokenId) RETURNING 1",
                                       logger: logger).collect().count > 0
        }
    }

    /// A write transaction that bumps the data version only (API users and tokens do not
    /// concern the scheduler, as in ``SQLiteStore``).
    private func write<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection, Logger) async throws -> T) async throws -> T {
        let logger = logger
        return try await mapErrors {
            try await Self.inTransaction(client, logger: logger) { connection in
                try await PostgresWrites.bumpVersion(connection, external: false, logger: logger)
                return try await body(connection, logger)
            }
        }
    }
}
