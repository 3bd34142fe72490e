/// The pool slots held by task instances that are queued or running, across every run of
/// every DAG the scheduler drives, and the pool sizes: where `SlotAllocator`s come from.
/// One ledger per scheduler, so pools and `max_active_tasks` hold across runs.
public struct PoolLedger: Sendable {
    /// Pool sizes by name (-1: unlimited).
    public private(set) var poolSlots: [String: Int] = [:]
    /// Pool and slots held, by instance.
    public private(set) var holding: [TaskInstanceID: (pool: String, slots: Int)] = [:]

    /// An empty ledger.
    public init() {}

    /// Replaces the pool sizes (read from the store).
    public mutating func setPools(_ slots: [String: Int]) { poolSlots = slots }

    /// `id` holds `slots` of `pool` (queued, running, or found in flight after a restart).
    public mutating func hold(_ id: TaskInstanceID, pool: String, slots: Int) { holding[id] = (pool, slots) }

    /// `id` gave its slots back (finished, up for retry, or failed as lost).
    public mutating func release(_ id: TaskInstanceID) { holding[id] = nil }

    /// Whether `id` holds slots.
    public func holds(_ id: TaskInstanceID) -> Bool { holding[id] != nil }

    /// An allocator over what is held now, with each DAG's `max_active_tasks` from `dagLimits`.
    public func allocator(dagLimits: [String: Int]) -> SlotAllocator {
        var used: [String: Int] = [:]
        var dagRunning: [String: Int] = [:]
        for (id, hold) in holding {
            used[hold.pool, default: 0] += hold.slots
            dagRunning[id.dagId, default: 0] += 1
        }
        return SlotAllocator(poolSlots: poolSlots, poolUsed: used, dagLimits: dagLimits, dagRunning: dagRunning)
    }

    /// An upper bound on how many instances `allocator` can admit: the open slots of all
    /// pools, and the room left under `max_active_tasks` of all DAGs.
    public static func admissionBound(_ allocator: SlotAllocator) -> Int {
        var pools = 0
        for (pool, size) in allocator.poolSlots {
            guard size >= 0 else { pools = Int.max; break }
            pools += max(0, size - (allocator.poolUsed[pool] ?? 0))
        }
        var dags = 0
        for (dagId, limit) in allocator.dagLimits {
            let (sum, overflow) = dags.addingReportingOverflow(max(0, limit - (allocator.dagRunning[dagId] ?? 0)))
            dags = overflow ? Int.max : sum
        }
        return min(pools, dags)
    }
}
