import Foundation
import GRDB

extension SQLiteStore {
    /// Every pool, by name (always includes `default_pool`).
    public func pools() async throws -> [PoolRecord] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM pool ORDER BY name").map(StoreRows.pool) }
    }

    /// Creates or updates a pool. `invalidArgument` for an empty name or slots below -1
    /// (-1 is unlimited). Bumps the change token.
    public func setPool(_ pool: PoolRecord) async throws {
        try pool.validate()
        try await externalWrite { db in
            try db.execute(sql: "INSERT OR REPLACE INTO pool (name, slots, description) VALUES (?, ?, ?)",
                           arguments: [pool.name, pool.slots, pool.description])
        }
    }

    /// Deletes a pool; false when there was none. `invalidArgument` for `default_pool`.
    /// Bumps the change token when a pool was deleted.
    public func deletePool(name: String) async throws -> Bool {
        guard name != "default_pool" else {
            throw StoreError(.invalidArgument, "default_pool cannot be deleted", context: "pool default_pool")
        }
        return try await deleting(sql: "DELETE FROM pool WHERE name = ?", key: name)
    }

    /// A variable's value, or nil.
    public func variable(_ key: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT value FROM variable WHERE key = ?", arguments: [key]) }
    }

    /// Every variable.
    public func variables() async throws -> [String: String] {
        try await read { db in
            var all: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, value FROM variable") { all[row["key"]] = row["value"] as String }
            return all
        }
    }

    /// Sets a variable; a sensitive one stays sensitive until deleted. Bumps the change token.
    public func setVariable(_ key: String, _ value: String, sensitive: Bool) async throws {
        try await externalWrite { db in
            try db.execute(sql: """
                INSERT INTO variable (key, value, is_sensitive) VALUES (?, ?, ?)
                ON CONFLICT(key) DO UPDATE SET value = excluded.value,
                    is_sensitive = MAX(variable.is_sensitive, excluded.is_sensitive)
                """, arguments: [key, value, sensitive])
        }
    }

    /// The keys of the variables set with `sensitive: true`.
    public func sensitiveVariableKeys() async throws -> Set<String> {
        try await read { db in
            Set(try String.fetchAll(db, sql: "SELECT key FROM variable WHERE is_sensitive = 1"))
        }
    }

    /// Deletes a variable; false when there was none. Bumps the change token when deleted.
    public func deleteVariable(_ key: String) async throws -> Bool {
        try await deleting(sql: "DELETE FROM variable WHERE key = ?", key: key)
    }

    /// The change token: bumped by every write other than ``commit(_:)``, from any process.
    public func externalChangeToken() async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM change_token WHERE id = 1") ?? 0
        }
    }

    /// SQLite's `PRAGMA data_version` on a connection that never writes: it moves with every
    /// commit to the file, the scheduler's group commits and other processes' writes
    /// included.
    ///
    /// It runs on the caller's thread, not on a GRDB queue (the hop would cost more than the
    /// query, on the API's busiest path): in WAL mode the pragma reads the WAL index in
    /// shared memory, with no disk I/O, and this connection never waits for a lock (its busy
    /// mode is an immediate error), so no cooperative thread is held. When SQLite answers
    /// busy, the answer is a value never returned before, so a cache keyed by it misses.
    public func dataVersion() async throws -> Int64 {
        do {
            return try probeDataVersion()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
            return -Int64(DispatchTime.now().uptimeNanoseconds)
        }
    }

    /// GRDB's synchronous read (this function is not async, so the synchronous overload).
    private func probeDataVersion() throws -> Int64 {
        try versionProbe.read { db in try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0 }
    }

    /// Runs a one-row delete; bumps the token only when a row went.
    private func deleting(sql: String, key: String) async throws -> Bool {
        try await mapErrors {
            try await pool.write { db in
                try db.execute(sql: sql, arguments: [key])
                guard db.changesCount > 0 else { return false }
                try StoreWrites.bumpChangeToken(db)
                return true
            }
        }
    }
}
