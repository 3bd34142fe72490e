import Foundation
import GRDB
import UpdraftCore

/// The embedded metadata store: one SQLite file in WAL mode, through a GRDB
/// `DatabasePool` (one writer, concurrent readers).
///
/// Every access uses GRDB's async APIs, which run on GRDB's own dispatch queues, so no
/// thread of Swift's cooperative pool ever waits on SQLite. Scheduler writes through
/// ``commit(_:)`` are merged into few transactions (group commit). Other processes may
/// open the same file (the CLI while a scheduler runs): SQLite's busy timeout makes a
/// writer wait for the other's transaction instead of failing.
///
/// Durability: WAL with `synchronous=NORMAL` (GRDB's setting for a pool). A write that
/// returned is in the WAL file and survives a crash or SIGKILL of any process; a power
/// loss may drop the last transactions but never corrupts the file. A commit costs about
/// 0.1-0.3 ms instead of one fsync (5-8 ms on this machine's disk with `FULL`).
///
/// ```swift
/// let store = try SQLiteStore(path: UpdraftHome.resolve(explicit: nil).databasePath)
/// try await store.setPaused(dagId: "daily_report", true)
/// ```
public struct SQLiteStore: MetaStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool
    let committer: GroupCommitter
    /// A connection of its own that never writes: its `PRAGMA data_version` moves when any
    /// other connection (this pool's writer, another process) commits (``dataVersion()``).
    let versionProbe: DatabaseQueue
    /// The migrations this open applied.
    let appliedAtOpen: [String]

    /// How long a write waits for another connection's write transaction (other process).
    public static let busyTimeout: TimeInterval = 10

    /// Opens (creating it and its parent folders when missing) the store at `path` and
    /// brings its schema up to date.
    ///
    /// Throws ``StoreError`` naming `path`: `cannotOpen` when the folder cannot be made or
    /// the file is unreadable or not a SQLite database, `newerSchema` when a newer Updraft
    /// migrated it.
    public init(path: String) throws(StoreError) {
        self.path = path
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotOpen, "cannot create the store's folder '\(folder.path)': \(error.localizedDescription)",
                             context: path)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "updraft.store"
        let pool: DatabasePool
        do {
            // One process at a time opens: GRDB checks what is applied once, before the
            // migrations, and the first open switches the file to WAL (an exclusive lock).
            (pool, appliedAtOpen, versionProbe) = try MigrationLock.withLock(beside: path) {
                if FileManager.default.fileExists(atPath: path) { try Self.checkExisting(path) }
                let pool = try DatabasePool(path: path, configuration: configuration)
                let before = try pool.read { db in try StoreSchema.migrator.appliedIdentifiers(db) }
                try StoreSchema.migrator.migrate(pool)
                return (pool, StoreSchema.migrator.migrations.filter { !before.contains($0) }, try Self.openVersionProbe(path))
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, "not an Updraft store or not readable: \(Self.describe(error))", context: path)
        }
        self.pool = pool
        self.committer = GroupCommitter { [pool] batches in
            try await pool.write { db in
                for batch in batches { try StoreWrites.apply(batch, db) }
            }
        }
    }

    /// Opens the store like ``init(path:)``, on a dispatch queue: opening reads the file
    /// and may run migrations, which async code must not do on a cooperative thread.
    public static func open(path: String) async throws(StoreError) -> SQLiteStore {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<SQLiteStore, StoreError>, Never>) in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(returning: Result { () throws(StoreError) in try SQLiteStore(path: path) })
            }
        }
        return try result.get()
    }

    /// The read-only connection ``dataVersion()`` reads, which never waits for a lock
    /// (`immediateError`). Opening it reads the WAL index, which another process holds
    /// exclusively for a moment when it closes the file's last connection (a checkpoint):
    /// "database is locked" was seen with 8 openers at once on a loaded machine. So the open
    /// itself is tried again, every 20 ms for up to 2 s, while SQLite answers busy.
    private static func openVersionProbe(_ path: String) throws -> DatabaseQueue {
        var probe = Configuration()
        probe.readonly = true
        probe.busyMode = .immediateError
        probe.label = "updraft.store.version"
        var attempts = 0
        while true {
            do {
                return try DatabaseQueue(path: path, configuration: probe)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempts < 100 {
                attempts += 1
                usleep(20_000)
            }
        }
    }

    /// Refuses, before anything writes to it, a file that is another application's
    /// SQLite database or a store migrated by a newer Updraft.
    private static func checkExisting(_ path: String) throws {
        var readOnly = Configuration()
        readOnly.readonly = true
        readOnly.busyMode = .timeout(busyTimeout)
        let queue = try DatabaseQueue(path: path, configuration: readOnly)
        defer { try? queue.close() }
        let (foreign, superseded) = try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
            let foreign = !tables.isEmpty && !tables.contains("grdb_migrations")
            return (foreign, try !foreign && StoreSchema.migrator.hasBeenSuperseded(db))
        }
        if foreign {
            throw StoreError(.cannotOpen, "a SQLite database, but not an Updraft store (no migration table); "
                             + "use another --home", context: path)
        }
        if superseded {
            throw StoreError(.newerSchema, "the store was written by a newer Updraft (unknown migrations); "
                             + "upgrade Updraft or use another --home", context: path)
        }
    }

    /// Upserts `batch`, in one transaction with the batches of concurrent callers.
    public func commit(_ batch: StoreBatch) async throws {
        guard !batch.isEmpty else { return }
        try await mapErrors { try await committer.commit(batch) }
    }

    /// Write transactions the group committer has run (tests compare it to the commits).
    package func commitTransactionCount() async -> Int { await committer.transactionCount }

    /// Runs `updates` in a write transaction that also bumps the change token.
    func externalWrite<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await mapErrors {
            try await pool.write { db in
                let result = try updates(db)
                try StoreWrites.bumpChangeToken(db)
                return result
            }
        }
    }

    /// Runs `value` in a read transaction.
    func read<T: Sendable>(_ value: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await mapErrors { try await pool.read(value) }
    }

    /// Runs `body`, turning SQLite errors into ``StoreError``s that name the file.
    func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DatabaseError {
            throw StoreError(.databaseFailure, Self.describe(error), context: path)
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return "SQLite error \(error.resultCode.primaryResultCode.rawValue): \(error.message ?? "\(error.resultCode)")"
        }
        return "\(error)"
    }
}
