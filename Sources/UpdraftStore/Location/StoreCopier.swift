import Foundation

/// Copies one store's contents into another, empty, store (`updraft db copy`): DAGs, runs,
/// task instances, XComs, pools, variables (with their sensitive marks), import errors,
/// registered workers, connections (still sealed with the home's key), API users with
/// their tokens and the allowed client keys. Counts per table are compared afterwards.
public struct StoreCopier: Sendable {
    /// Where rows come from.
    public let source: any ManagedStore
    /// Where they go: must be empty (``isEmpty(_:)``).
    public let target: any ManagedStore

    /// The tables counted and copied, in order.
    public static var tables: [String] { PostgresSchema.dataTables }

    /// A copier.
    public init(source: any ManagedStore, target: any ManagedStore) {
        self.source = source
        self.target = target
    }

    /// What a copy did: rows per table in the source and in the target afterwards.
    public struct Report: Sendable, Hashable {
        /// Rows per table in the source.
        public var source: [String: Int]
        /// Rows per table in the target after the copy.
        public var target: [String: Int]
        /// The tables whose counts differ (none after a good copy).
        public var mismatched: [String] {
            PostgresSchema.dataTables.filter { source[$0, default: 0] != target[$0, default: 0] }
        }
    }

    /// The tables of `counts` that hold rows of their own (a new store's `default_pool`
    /// does not count).
    public static func nonEmptyTables(_ counts: [String: Int]) -> [String] {
        PostgresSchema.dataTables.filter { table in
            let rows = counts[table, default: 0]
            return table == "pool" ? rows > 1 : rows > 0
        }
    }

    /// Copies everything; ``StoreError`` `invalidArgument` (and nothing written) when the
    /// target holds rows already.
    public func copy(batchSize: Int = 500) async throws -> Report {
        let before = try await target.rowCounts()
        let busy = Self.nonEmptyTables(before)
        guard busy.isEmpty else {
            throw StoreError(.invalidArgument, "the target store is not empty (rows in \(busy.joined(separator: ", "))); "
                             + "copy into an empty database", context: target.location.description)
        }
        let sourceCounts = try await source.rowCounts()
        try await target.syncDags(try await source.dags())
        for dag in try await source.dags() where dag.isPaused { try await target.setPaused(dagId: dag.dagId, true) }
        for pool in try await source.pools() { try await target.setPool(pool) }
        let sensitive = try await source.sensitiveVariableKeys()
        for (key, value) in try await source.variables().sorted(by: { $0.key < $1.key }) {
            try await target.setVariable(key, value, sensitive: sensitive.contains(key))
        }
        try await target.replaceImportErrors(try await source.importErrors())
        for connection in try await source.connections() { try await target.setConnection(connection) }
        for user in try await source.apiUsers() { _ = try await target.createAPIUser(user) }
        for token in try await source.apiTokens() { try await target.createAPIToken(token) }
        for key in try await source.allowedKeys() { _ = try await target.allowKey(key) }
        var workers = StoreBatch()
        workers.workersJoined = try await source.connectedWorkers()
        try await target.commit(workers)
        try await copyRuns(batchSize: batchSize)
        return Report(source: sourceCounts, target: try await target.rowCounts())
    }

    /// Runs with their task instances and XComs, a few runs per committed batch.
    private func copyRuns(batchSize: Int) async throws {
        for dagId in try await source.dagIdsWithRuns() {
            var batch = StoreBatch()
            for run in try await source.dagRuns(dagId: dagId, states: nil, limit: nil) {
                batch.dagRuns.append(run)
                batch.taskInstances += try await source.taskInstances(dagId: dagId, runId: run.runId)
                batch.xcoms += try await source.xcoms(dagId: dagId, runId: run.runId)
                if batch.dagRuns.count + batch.taskInstances.count >= batchSize {
                    try await target.commit(batch)
                    batch = StoreBatch()
                }
            }
            try await target.commit(batch)
        }
    }
}
