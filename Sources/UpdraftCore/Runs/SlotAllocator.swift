import Foundation

/// Chooses which `scheduled` instances may be queued now, as Airflow's
/// `_executable_task_instances_to_queued`: candidates in priority order (highest effective
/// priority weight first, ties by logical date, then task order, then map index), each
/// admitted only if its pool has `pool_slots` open slots (slots − slots used by queued and
/// running instances) and its DAG is under `max_active_tasks` (counted per DAG across its
/// runs, as Airflow does). A candidate that does not fit is passed over and smaller or other
/// candidates after it may still be admitted.
///
/// Unknown pools: a task whose pool is not in `poolSlots` takes slots of `default_pool`
/// (and is listed in ``unknownPools`` so the caller can warn); Airflow instead leaves such a
/// task scheduled forever. `default_pool` itself has 128 slots unless given.
///
/// ```swift
/// var slots = SlotAllocator(poolSlots: ["db": 2], poolUsed: ["db": 1], dagLimits: ["etl": 16], dagRunning: [:])
/// let go = slots.admit(candidates)          // at most 1 more "db" instance
/// slots.release(pool: "db", slots: 1, dagId: "etl")  // one ended
/// ```
public struct SlotAllocator: Sendable {
    /// One `scheduled` instance asking for slots.
    public struct Candidate: Sendable, Hashable {
        /// The instance.
        public var id: TaskInstanceID
        /// Its task's pool.
        public var pool: String
        /// Slots of the pool it takes (`pool_slots`).
        public var poolSlots: Int
        /// Effective priority weight: higher goes first.
        public var priority: Int
        /// Tie-break after priority and logical date: lower goes first (the task's
        /// topological position, see ``RunTracker/slotCandidate(for:logicalDate:)``).
        public var order: Int
        /// Logical date of its run: among equal priorities, older runs go first.
        public var logicalDate: Date?

        /// A candidate with every field given.
        public init(id: TaskInstanceID, pool: String, poolSlots: Int, priority: Int, order: Int, logicalDate: Date? = nil) {
            self.id = id
            self.pool = pool
            self.poolSlots = poolSlots
            self.priority = priority
            self.order = order
            self.logicalDate = logicalDate
        }
    }

    /// Airflow's default pool name.
    public static let defaultPool = "default_pool"
    /// Slots of `default_pool` when the caller does not give it (Airflow's default: 128).
    public static let defaultPoolSize = 128

    /// Slots of each pool; -1 (any negative) = unlimited.
    public private(set) var poolSlots: [String: Int]
    /// Slots in use per pool (queued + running instances), kept up to date by ``admit(_:)``
    /// and ``release(pool:slots:dagId:)``.
    public private(set) var poolUsed: [String: Int]
    /// `max_active_tasks` per DAG id; a DAG not listed is unlimited.
    public private(set) var dagLimits: [String: Int]
    /// Queued + running instances per DAG id (over all its runs).
    public private(set) var dagRunning: [String: Int]
    /// Pool names met that are not in `poolSlots` (counted against `default_pool`).
    public private(set) var unknownPools: Set<String> = []
    /// Candidates met whose `pool_slots` exceed their pool's total slots: they can never be
    /// admitted (Airflow leaves them scheduled with a warning); fail them with a clear error.
    public private(set) var oversized: Set<TaskInstanceID> = []

    /// An allocator from the current pools and usage. Usage under a pool name that is not in
    /// `poolSlots` is counted against `default_pool`.
    public init(poolSlots: [String: Int], poolUsed: [String: Int], dagLimits: [String: Int], dagRunning: [String: Int]) {
        var pools = poolSlots
        if pools[Self.defaultPool] == nil { pools[Self.defaultPool] = Self.defaultPoolSize }
        self.poolSlots = pools
        self.poolUsed = [:]
        self.dagLimits = dagLimits
        self.dagRunning = dagRunning
        for (pool, used) in poolUsed { self.poolUsed[resolve(pool), default: 0] += used }
    }

    /// The pool whose slots `pool` takes: itself when known, else `default_pool`.
    public func effectivePool(_ pool: String) -> String {
        poolSlots[pool] == nil ? Self.defaultPool : pool
    }

    /// Open slots of `pool` (after resolving unknown names); nil when unlimited.
    public func openSlots(pool: String) -> Int? {
        let name = effectivePool(pool)
        let size = poolSlots[name] ?? Self.defaultPoolSize
        guard size >= 0 else { return nil }
        return max(0, size - (poolUsed[name] ?? 0))
    }

    /// The candidates that may be queued now, in the order to queue them; their slots are
    /// counted as used from now on. Duplicated ids are considered once.
    public mutating func admit(_ candidates: [Candidate]) -> [TaskInstanceID] {
        var seen = Set<TaskInstanceID>()
        let ordered = candidates.filter { seen.insert($0.id).inserted }.sorted(by: Self.goesFirst)
        var admitted: [TaskInstanceID] = []
        for c in ordered {
            let pool = resolve(c.pool)
            let need = max(0, c.poolSlots)
            if let size = poolSlots[pool], size >= 0, need > size {
                oversized.insert(c.id)
                continue
            }
            if let open = openSlots(pool: pool), open < need { continue }
            if let limit = dagLimits[c.id.dagId], (dagRunning[c.id.dagId] ?? 0) >= limit { continue }
            poolUsed[pool, default: 0] += need
            dagRunning[c.id.dagId, default: 0] += 1
            admitted.append(c.id)
        }
        return admitted
    }

    /// An instance holding `slots` slots of `pool` in DAG `dagId` left queued/running.
    public mutating func release(pool: String, slots: Int, dagId: String) {
        let name = effectivePool(pool)
        poolUsed[name] = max(0, (poolUsed[name] ?? 0) - max(0, slots))
        dagRunning[dagId] = max(0, (dagRunning[dagId] ?? 0) - 1)
    }

    /// Resolves a pool name, remembering unknown ones.
    private mutating func resolve(_ pool: String) -> String {
        let name = effectivePool(pool)
        if name != pool { unknownPools.insert(pool) }
        return name
    }

    /// Priority desc, logical date asc (runs without one last), order asc, then id.
    static func goesFirst(_ a: Candidate, _ b: Candidate) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        let da = a.logicalDate ?? .distantFuture, db = b.logicalDate ?? .distantFuture
        if da != db { return da < db }
        if a.order != b.order { return a.order < b.order }
        return a.id < b.id
    }
}
