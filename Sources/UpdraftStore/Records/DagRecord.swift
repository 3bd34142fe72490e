import Foundation

/// One row of `dag`: what the store knows of a DAG the scheduler parsed.
public struct DagRecord: Sendable, Hashable, Codable {
    /// The DAG.
    public var dagId: String
    /// File it came from.
    public var fileLocation: String?
    /// Paused DAGs get no scheduled runs (triggered runs still queue and wait).
    public var isPaused: Bool
    /// When the scheduler last parsed it.
    public var lastParsedAt: Date?

    /// A DAG record.
    public init(dagId: String, fileLocation: String? = nil, isPaused: Bool = false, lastParsedAt: Date? = nil) {
        self.dagId = dagId
        self.fileLocation = fileLocation
        self.isPaused = isPaused
        self.lastParsedAt = lastParsedAt
    }
}

/// One row of `pool`: a named limit on how many task slots run at once.
public struct PoolRecord: Sendable, Hashable, Codable {
    /// Pool name (`default_pool` always exists, 128 slots).
    public var name: String
    /// Slots; -1 means unlimited.
    public var slots: Int
    /// Free text.
    public var description: String

    /// A pool.
    public init(name: String, slots: Int, description: String = "") {
        self.name = name
        self.slots = slots
        self.description = description
    }

    /// What every store checks before writing it: a name, and slots of -1 (unlimited) or more.
    func validate() throws(StoreError) {
        guard !name.isEmpty else {
            throw StoreError(.invalidArgument, "a pool needs a name", context: "pool")
        }
        guard slots >= -1 else {
            throw StoreError(.invalidArgument, "slots must be -1 (unlimited) or more, not \(slots)", context: "pool \(name)")
        }
    }
}

/// One row of `import_error`: a DAG file that failed to load.
public struct ImportErrorRecord: Sendable, Hashable, Codable {
    /// The file.
    public var fileLocation: String
    /// Every error, `file:line:col: error: ...` one per line.
    public var message: String
    /// When it was seen.
    public var timestamp: Date

    /// An import error.
    public init(fileLocation: String, message: String, timestamp: Date) {
        self.fileLocation = fileLocation
        self.message = message
        self.timestamp = timestamp
    }
}
