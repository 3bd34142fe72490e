import Foundation
import Logging
import PostgresNIO
import UpdraftCore

/// The metadata store on a PostgreSQL server, through postgres-nio's connection pool
/// (`PostgresClient`): for a store that outlives one machine.
///
/// Same semantics as ``SQLiteStore``: scheduler writes through ``commit(_:)`` are merged
/// into few transactions (group commit); every other write bumps the change token, every
/// write transaction the data version (``PostgresSchema``). Every write transaction starts
/// by bumping the `store_version` row, so writers take turns on that row lock as SQLite's
/// one writer does, and a check-then-write (a duplicate run, a clear) sees every write
/// committed before it. Reads never wait for writers.
///
/// Nothing blocks a thread: postgres-nio runs on NIO's event loops and every call here
/// awaits them. Opening (``open(_:logger:)``) connects once, so that a refused login or an
/// unreachable server is one error naming `host:port` and the server's reason, applies the
/// migrations the database has not seen, then starts the pool.
///
/// ```swift
/// let location = PostgresLocation(user: "updraft", password: "secret", host: "127.0.0.1", database: "updraft")
/// let store = try await PostgresStore.open(location)
/// try await store.setPaused(dagId: "daily_report", true)
/// ```
public struct PostgresStore: MetaStore {
    /// Where the database is (its description masks the password).
    public let postgresLocation: PostgresLocation
    let client: PostgresClient
    let committer: GroupCommitter
    /// The lease group commits check (``SchedulerLeasing/fenceCommits(with:)``).
    let fence = CommitFence()
    let logger: Logger
    private let poolTask: Task<Void, Never>
    /// Migration steps this open applied (empty when the schema was up to date).
    public let appliedSteps: [Int]

    /// Connections the pool opens at most (a store per process: the scheduler's group commit
    /// uses one at a time, the API's readers the others).
    public static let defaultMaximumConnections = 8

    /// Connects to `location`, brings its schema up to date, and starts the connection pool.
    ///
    /// Throws ``StoreError``: `cannotOpen` naming `host:port` and the reason (refused,
    /// unknown host, login refused, no such database), `newerSchema` when a newer Updraft
    /// migrated the database.
    public static func open(_ location: PostgresLocation, maximumConnections: Int = defaultMaximumConnections,
                            logger: Logger = PostgresStore.quietLogger) async throws(StoreError) -> PostgresStore {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        let applied: [Int]
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            do {
                applied = try await PostgresMigrator.migrate(connection, logger: logger, location: location)
            } catch {
                try? await connection.close()
                throw error
            }
            try? await connection.close()
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.cannotOpen, "cannot connect to PostgreSQL at \(location.server): \(describe(error))",
                             context: location.description)
        }
        var poolConfiguration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: .disable)
        poolConfiguration.options.maximumConnections = max(1, maximumConnections)
        poolConfiguration.options.connectionIdleTimeout = .seconds(30)
        let client = PostgresClient(configuration: poolConfiguration, backgroundLogger: logger)
        let poolTask = Task { await client.run() }
        return PostgresStore(location: location, client: client, logger: logger, poolTask: poolTask, appliedSteps: applied)
    }

    private init(location: PostgresLocation, client: PostgresClient, logger: Logger, poolTask: Task<Void, Never>,
                 appliedSteps: [Int]) {
        self.postgresLocation = location
        self.client = client
        self.logger = logger
        self.poolTask = poolTask
        self.appliedSteps = appliedSteps
        let writeLogger = logger
        self.committer = GroupCommitter { [client, fence] batches in
            let lease = fence.current
            if let statement = try PostgresWrites.oneStatement(batches, fence: lease) {
                try await client.withConnection { connection in
                    _ = try await connection.query(statement, logger: writeLogger)
                }
                return
            }
            try await PostgresStore.inTransaction(client, logger: writeLogger) { connection in
                try await PostgresWrites.bumpVersion(connection, external: false, logger: writeLogger)
                if let lease { try await PostgresWrites.checkFence(lease, connection, logger: writeLogger) }
                for batch in batches { try await PostgresWrites.apply(batch, connection, logger: writeLogger) }
            }
        }
    }

    /// A logger that drops postgres-nio's background messages (errors reach the caller as
    /// ``StoreError``s instead, with the password masked).
    public static var quietLogger: Logger {
        var logger = Logger(label: "updraft.store.postgres")
        logger.logLevel = .critical
        return logger
    }

    /// Stops the connection pool; calls after it fail.
    public func close() async {
        poolTask.cancel()
        _ = await poolTask.value
    }

    /// Upserts `batch`, in one transaction with the batches of concurrent callers.
    public func commit(_ batch: StoreBatch) async throws {
        guard !batch.isEmpty else { return }
        try await mapErrors { try await committer.commit(batch) }
    }

    /// Write transactions the group committer has run (tests compare it to the commits).
    package func commitTransactionCount() async -> Int { await committer.transactionCount }

    /// Runs `body` in a write transaction that also bumps the change token (and the data version).
    func externalWrite<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let logger = logger
        return try await mapErrors {
            try await Self.inTransaction(client, logger: logger) { connection in
                try await PostgresWrites.bumpVersion(connection, external: true, logger: logger)
                return try await body(connection)
            }
        }
    }

    /// Runs one query on a pooled connection and reads every row.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRandomAccessRow] {
        let logger = logger
        return try await mapErrors {
            try await client.withConnection { connection in
                try await connection.query(query, logger: logger).collect().map { $0.makeRandomAccess() }
            }
        }
    }

    /// BEGIN, `body`, COMMIT on one pooled connection; ROLLBACK when `body` throws.
    static func inTransaction<T: Sendable>(_ client: PostgresClient, logger: Logger,
                                           _ body: @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let result = try await body(connection)
                try await connection.query("COMMIT", logger: logger)
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
    }

    /// Runs `body`, turning PostgreSQL errors into ``StoreError``s that name the database.
    func mapErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == CommitFence.sqlState {
            throw StoreError(.leaseLost, error.serverInfo?[.message] ?? "the scheduler lease moved to another scheduler",
                             context: postgresLocation.description)
        } catch let error as PSQLError {
            throw StoreError(Self.isUnreachable(error) ? .unreachable : .databaseFailure, Self.describe(error),
                             context: postgresLocation.description)
        } catch let error as PostgresDecodingError {
            throw StoreError(.corruptRow, "column \(error.columnName) cannot be read as \(error.targetType)",
                             context: postgresLocation.description)
        } catch let error where Self.isLinkFailure(error) {
            throw StoreError(.unreachable, "\(error)", context: postgresLocation.description)
        }
    }

    /// The pool's own errors (no connection could be made for a while: its module is
    /// underscored, so matched by type name) and NIO's connection errors. Anything else
    /// (the store's own sentinels, cancellation) passes through unchanged.
    static func isLinkFailure(_ error: any Error) -> Bool {
        ["ConnectionPoolError", "ChannelError", "IOError", "NIOConnectionError"].contains("\(type(of: error))")
    }

    /// True for a failure of the link rather than of the statement: no connection, a
    /// connection lost, the server shutting down or starting (SQLSTATE classes 08 and 57P).
    static func isUnreachable(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return true
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        default:
            return false
        }
    }

    /// The server's message and SQLSTATE, or the connection failure; never the password
    /// (postgres-nio's own description hides everything, its debug description shows queries).
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return "PostgreSQL said: \(message)" + (info[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }
}
