/// A ``MetaStore`` that also answers the maintenance commands (`updraft db check`,
/// `db migrate`, `db copy`): its schema version, its row counts, and the DAGs that have runs.
public protocol ManagedStore: MetaStore {
    /// Where it is (the password masked when printed).
    var location: StoreLocation { get }
    /// The migrations opening this store applied (empty when its schema was up to date).
    var migrationsAppliedAtOpen: [String] { get }
    /// The schema as applied: the migrations this store has seen, and the newest one this
    /// Updraft knows.
    func schemaVersion() async throws -> SchemaVersion
    /// Rows per table, by table name (``PostgresSchema/dataTables``).
    func rowCounts() async throws -> [String: Int]
    /// Every dag_id that has at least one run (including DAGs the `dag` table does not list).
    func dagIdsWithRuns() async throws -> [String]
    /// Releases connections; calls after it fail.
    func close() async
}

/// A store's schema version (``ManagedStore/schemaVersion()``).
public struct SchemaVersion: Sendable, Hashable {
    /// The migrations applied, in order (SQLite: "v1"...; PostgreSQL: "1"...).
    public var applied: [String]
    /// The newest migration this Updraft knows.
    public var latest: String

    /// A version.
    public init(applied: [String], latest: String) {
        self.applied = applied
        self.latest = latest
    }

    /// True when the newest migration has been applied.
    public var isCurrent: Bool { applied.last == latest }
}
