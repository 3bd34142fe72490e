/// An error from the metadata store, naming what failed and where.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code's name.
        public var rawValue: String
        /// A code.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A run with that run_id or logical date already exists.
        public static let duplicateRun = Code(rawValue: "duplicate_run")
        /// The database file cannot be opened or is not an Updraft store.
        public static let cannotOpen = Code(rawValue: "cannot_open")
        /// The store was written by a newer Updraft (unknown migration).
        public static let newerSchema = Code(rawValue: "newer_schema")
        /// A row holds a value this version cannot read.
        public static let corruptRow = Code(rawValue: "corrupt_row")
        /// The argument is not allowed (e.g. deleting `default_pool`).
        public static let invalidArgument = Code(rawValue: "invalid_argument")
        /// SQLite failed while reading or writing an open store (disk full, I/O error, busy
        /// for longer than the busy timeout).
        public static let databaseFailure = Code(rawValue: "database_failure")
        /// The database server cannot be reached or dropped the connection (PostgreSQL
        /// stopped or restarting, network down): worth trying again.
        public static let unreachable = Code(rawValue: "unreachable")
        /// Another scheduler process holds the home's lock (``HomeLock``): one scheduler per
        /// SQLite home.
        public static let homeInUse = Code(rawValue: "home_in_use")
        /// The scheduler lease this store's commits were fenced with is held by another
        /// scheduler now (``SchedulerLeasing``): nothing was written.
        public static let leaseLost = Code(rawValue: "lease_lost")
    }

    /// What kind of failure.
    public var code: Code
    /// What happened, for people.
    public var message: String
    /// Where: the database path, table or key.
    public var context: String

    /// An error.
    public init(_ code: Code, _ message: String, context: String = "") {
        self.code = code
        self.message = message
        self.context = context
    }

    /// `context: message`.
    public var description: String { context.isEmpty ? message : "\(context): \(message)" }
}
