import Foundation
import PostgresNIO
import UpdraftCore

extension PostgresStore {
    /// Every pool, by name (always includes `default_pool`).
    public func pools() async throws -> [PoolRecord] {
        try await rows("SELECT * FROM pool ORDER BY name").map(PostgresRecords.pool)
    }

    /// Creates or updates a pool. `invalidArgument` for an empty name or slots below -1.
    /// Bumps the change token.
    public func setPool(_ pool: PoolRecord) async throws {
        try pool.validate()
        let logger = logger
        try await externalWrite { connection in
            try await connection.query("""
                INSERT INTO pool (name, slots, description) VALUES (\(pool.name), \(pool.slots), \(pool.description))
                ON CONFLICT (name) DO UPDATE SET slots = excluded.slots, description = excluded.description
                """, logger: logger)
        }
    }

    /// Deletes a pool; false when there was none. `invalidArgument` for `default_pool`.
    public func deletePool(name: String) async throws -> Bool {
        guard name != "default_pool" else {
            throw StoreError(.invalidArgument, "default_pool cannot be deleted", context: "pool default_pool")
        }
        return try await deleting("DELETE FROM pool WHERE name = \(name) RETURNING 1")
    }

    /// A variable's value, or nil.
    public func variable(_ key: String) async throws -> String? {
        try await rows("SELECT value FROM variable WHERE key = \(key)").first.map { try PostgresColumns($0, table: "variable").string("value") }
    }

    /// Every variable.
    public func variables() async throws -> [String: String] {
        var all: [String: String] = [:]
        for row in try await rows("SELECT key, value FROM variable") {
            let r = PostgresColumns(row, table: "variable")
            all[try r.string("key")] = try r.string("value")
        }
        return all
    }

    /// Sets a variable; a sensitive one stays sensitive until deleted. Bumps the change token.
    public func setVariable(_ key: String, _ value: String, sensitive: Bool) async throws {
        let logger = logger
        try await externalWrite { connection in
            try await connection.query("""
                INSERT INTO variable (key, value, is_sensitive) VALUES (\(key), \(value), \(sensitive))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value,
                    is_sensitive = variable.is_sensitive OR excluded.is_sensitive
                """, logger: logger)
        }
    }

    /// The keys of the variables set with `sensitive: true`.
    public func sensitiveVariableKeys() async throws -> Set<String> {
        Set(try await rows("SELECT key FROM variable WHERE is_sensitive").map { try PostgresColumns($0, table: "variable").string("key") })
    }

    /// Deletes a variable; false when there was none. Bumps the change token when deleted.
    public func deleteVariable(_ key: String) async throws -> Bool {
        try await deleting("DELETE FROM variable WHERE key = \(key) RETURNING 1")
    }

    /// The change token: bumped by every write other than ``commit(_:)``, from any process.
    public func externalChangeToken() async throws -> Int64 {
        try await rows("SELECT change_token FROM store_version WHERE id = 1").first
            .map { try PostgresColumns($0, table: "store_version").value("change_token", as: Int64.self) } ?? 0
    }

    /// The data version: bumped by every write transaction, group commits included, from
    /// any process (a counter row: see ``PostgresSchema``).
    public func dataVersion() async throws -> Int64 {
        try await rows("SELECT data_version FROM store_version WHERE id = 1").first
            .map { try PostgresColumns($0, table: "store_version").value("data_version", as: Int64.self) } ?? 0
    }

    /// Runs a one-row delete `... RETURNING 1`; the transaction (and its bump of the change
    /// token) is rolled back when no row went, as SQLite's bumps only on a delete.
    func deleting(_ query: PostgresQuery) async throws -> Bool {
        do {
            return try await externalWrite { [logger] connection in
                let gone = try await connection.query(query, logger: logger).collect().count
                if gone == 0 { throw NothingDeleted() }
                return true
            }
        } catch is NothingDeleted {
            return false
        }
    }
}

/// Rolls back a delete that found nothing (so the change token stays).
struct NothingDeleted: Error {}
