import Foundation
import Logging

extension StoreLocation {
    /// Opens the store here: the one place that chooses between ``SQLiteStore`` and
    /// ``PostgresStore``. Migrations the store has not seen are applied.
    ///
    /// Throws ``StoreError``: `cannotOpen` (a SQLite file that cannot be opened; a PostgreSQL
    /// server that refuses, is unreachable or has no such database, naming `host:port`),
    /// `newerSchema`.
    public func open() async throws(StoreError) -> any ManagedStore {
        switch self {
        case .sqlite(let path): try await SQLiteStore.open(path: path)
        case .postgres(let location): try await PostgresStore.open(location)
        }
    }

    /// True when a store exists here already: the SQLite file exists (PostgreSQL: always,
    /// the database is made by its administrator). `db copy` refuses a source that does not.
    public var mayHoldData: Bool {
        switch self {
        case .sqlite(let path): FileManager.default.fileExists(atPath: path)
        case .postgres: true
        }
    }
}
