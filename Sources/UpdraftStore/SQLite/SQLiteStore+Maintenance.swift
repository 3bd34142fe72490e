import Foundation
import GRDB

extension SQLiteStore: ManagedStore {
    /// `sqlite://` and the file's path.
    public var location: StoreLocation { .sqlite(path: path) }

    /// The GRDB migrations opening applied.
    public var migrationsAppliedAtOpen: [String] { appliedAtOpen }

    /// The GRDB migrations applied ("v1"...) and the newest known.
    public func schemaVersion() async throws -> SchemaVersion {
        let applied = try await read { db in try StoreSchema.migrator.appliedIdentifiers(db) }
        let known = StoreSchema.migrator.migrations
        return SchemaVersion(applied: known.filter(applied.contains), latest: known.last ?? "")
    }

    /// Rows per table.
    public func rowCounts() async throws -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for table in PostgresSchema.dataTables {
                counts[table] = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0
            }
            return counts
        }
    }

    /// Every dag_id with a run.
    public func dagIdsWithRuns() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "SELECT DISTINCT dag_id FROM dag_run ORDER BY dag_id") }
    }

    /// Nothing to release: the file closes with the last reference.
    public func close() async {}
}
