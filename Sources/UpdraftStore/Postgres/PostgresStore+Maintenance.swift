import Foundation
import PostgresNIO

extension PostgresStore: ManagedStore {
    /// `postgres://` and the database (password masked when printed).
    public var location: StoreLocation { .postgres(postgresLocation) }

    /// The steps ``open(_:maximumConnections:logger:)`` applied.
    public var migrationsAppliedAtOpen: [String] { appliedSteps.map(String.init) }

    /// The migration steps applied ("1"...) and the newest known.
    public func schemaVersion() async throws -> SchemaVersion {
        let applied = try await rows("SELECT number FROM updraft_migration ORDER BY number")
            .map { String(try PostgresColumns($0, table: "updraft_migration").int("number")) }
        return SchemaVersion(applied: applied, latest: String(PostgresSchema.latestVersion))
    }

    /// Rows per table.
    public func rowCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in PostgresSchema.dataTables {
            counts[table] = try await rows("SELECT COUNT(*) AS n FROM \(unescaped: table)").first
                .map { try PostgresColumns($0, table: table).int("n") } ?? 0
        }
        return counts
    }

    /// Every dag_id with a run.
    public func dagIdsWithRuns() async throws -> [String] {
        try await rows("SELECT DISTINCT dag_id FROM dag_run ORDER BY dag_id")
            .map { try PostgresColumns($0, table: "dag_run").string("dag_id") }
    }
}
