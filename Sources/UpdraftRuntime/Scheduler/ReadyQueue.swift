import Foundation
import HeapModule
import UpdraftCore

/// Scheduled task instances waiting for a pool / `max_active_tasks` slot, best first:
/// higher priority weight, then earlier logical date, then task order, then arrival.
///
/// A heap, so taking the next few out of 10,000 waiting costs O(log n) each. Removal is
/// lazy: an id removed (run reset, instance failed) is skipped when it reaches the top.
struct ReadyQueue {
    struct Entry: Comparable {
        var id: TaskInstanceID
        var pool: String
        var poolSlots: Int
        var priority: Int
        var logicalDate: Date
        var order: Int
        var sequence: UInt64

        /// `a < b` when `b` should go first.
        static func < (a: Entry, b: Entry) -> Bool {
            if a.priority != b.priority { return a.priority < b.priority }
            if a.logicalDate != b.logicalDate { return a.logicalDate > b.logicalDate }
            if a.order != b.order { return a.order > b.order }
            return a.sequence > b.sequence
        }

        static func == (a: Entry, b: Entry) -> Bool { a.sequence == b.sequence }
    }

    private var heap = Heap<Entry>()
    private var live: [TaskInstanceID: UInt64] = [:]
    private var nextSequence: UInt64 = 0

    /// How many instances wait.
    var count: Int { live.count }

    /// True when `id` waits.
    func contains(_ id: TaskInstanceID) -> Bool { live[id] != nil }

    /// Adds (or re-adds, replacing) an instance.
    mutating func insert(id: TaskInstanceID, pool: String, poolSlots: Int, priority: Int, logicalDate: Date, order: Int) {
        nextSequence += 1
        live[id] = nextSequence
        heap.insert(Entry(id: id, pool: pool, poolSlots: poolSlots, priority: priority,
                          logicalDate: logicalDate, order: order, sequence: nextSequence))
    }

    /// Puts back entries taken with ``popBest(_:)`` that found no slot (keeping their place).
    mutating func putBack(_ entries: [Entry]) {
        for e in entries where live[e.id] == nil {
            live[e.id] = e.sequence
            heap.insert(e)
        }
    }

    /// Forgets `id`.
    mutating func remove(_ id: TaskInstanceID) { live[id] = nil }

    /// Forgets every instance of a run.
    mutating func removeRun(dagId: String, runId: String) {
        for id in live.keys where id.dagId == dagId && id.runId == runId { live[id] = nil }
    }

    /// Takes up to `limit` of the best waiting instances out of the queue.
    mutating func popBest(_ limit: Int) -> [Entry] {
        var out: [Entry] = []
        while out.count < limit, let top = heap.popMax() {
            guard live[top.id] == top.sequence else { continue }
            live[top.id] = nil
            out.append(top)
        }
        return out
    }
}
