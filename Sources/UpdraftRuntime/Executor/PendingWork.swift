import HeapModule
import UpdraftProtocol

/// The tries waiting for a worker: one priority queue per queue name, highest priority
/// first, first-come first on ties (a sequence number). A pure value: no clocks, no I/O.
///
/// Removal (cancel, adoption) is lazy: the key leaves the index at once and its heap
/// entry is skipped when it reaches the top, so every operation is O(log n).
struct PendingWork {
    /// A heap entry; "greater" means "goes first".
    struct Entry: Comparable {
        var priority: Int
        var sequence: UInt64
        var key: WireTaskInstanceKey

        static func < (lhs: Entry, rhs: Entry) -> Bool {
            lhs.priority != rhs.priority ? lhs.priority < rhs.priority : lhs.sequence > rhs.sequence
        }

        static func == (lhs: Entry, rhs: Entry) -> Bool {
            lhs.priority == rhs.priority && lhs.sequence == rhs.sequence
        }
    }

    private struct Item {
        var work: TaskWork
        var queue: String
        var sequence: UInt64
    }

    private var heaps: [String: Heap<Entry>] = [:]
    private var items: [WireTaskInstanceKey: Item] = [:]
    private var nextSequence: UInt64 = 0
    /// Tries waiting, by queue (queues with none are absent).
    private(set) var counts: [String: Int] = [:]

    /// Tries waiting in every queue.
    var count: Int { items.count }

    /// Whether `key` waits here.
    func contains(_ key: WireTaskInstanceKey) -> Bool { items[key] != nil }

    /// The queue `key` waits in, or nil when it does not wait here.
    func queue(of key: WireTaskInstanceKey) -> String? { items[key]?.queue }

    /// Queues `work` under `queue`; false (nothing changes) when its key already waits.
    mutating func insert(_ work: TaskWork, queue: String) -> Bool {
        let key = work.dispatch.key
        guard items[key] == nil else { return false }
        let sequence = nextSequence
        nextSequence += 1
        items[key] = Item(work: work, queue: queue, sequence: sequence)
        heaps[queue, default: Heap()].insert(Entry(priority: work.priority, sequence: sequence, key: key))
        counts[queue, default: 0] += 1
        return true
    }

    /// Takes `key` out; nil when it does not wait here.
    mutating func remove(_ key: WireTaskInstanceKey) -> TaskWork? {
        guard let item = items.removeValue(forKey: key) else { return nil }
        decrement(item.queue)
        return item.work
    }

    /// The entry that goes first in `queue`, or nil when the queue is empty.
    mutating func head(of queue: String) -> Entry? {
        while let top = heaps[queue]?.max {
            if let item = items[top.key], item.sequence == top.sequence { return top }
            heaps[queue]?.removeMax()
        }
        heaps[queue] = nil
        return nil
    }

    /// Removes and returns the try that goes first in `queue`.
    mutating func popFirst(of queue: String) -> TaskWork? {
        guard let top = head(of: queue) else { return nil }
        heaps[queue]?.removeMax()
        return remove(top.key)
    }

    /// Every waiting try, in no particular order.
    var allWork: some Sequence<TaskWork> { items.values.lazy.map(\.work) }

    /// Removes every waiting try, in no particular order.
    mutating func removeAll() -> [TaskWork] {
        defer {
            items = [:]
            heaps = [:]
            counts = [:]
        }
        return items.values.map(\.work)
    }

    private mutating func decrement(_ queue: String) {
        let left = (counts[queue] ?? 1) - 1
        counts[queue] = left > 0 ? left : nil
    }
}
