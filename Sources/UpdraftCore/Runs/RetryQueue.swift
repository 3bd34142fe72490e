import Foundation

/// Due times of `up_for_retry` instances, earliest first: a binary min-heap with lazy
/// deletion (entries that no longer match their instance are dropped when they surface),
/// so pushing and finding the earliest cost O(log n) however many instances wait.
struct RetryQueue: Sendable {
    private var heap: [(due: Date, slot: Int)] = []

    /// Remembers that `slot` is due at `due`.
    mutating func push(_ due: Date, slot: Int) {
        heap.append((due, slot))
        var i = heap.count - 1
        while i > 0, heap[(i - 1) / 2].due > heap[i].due {
            heap.swapAt(i, (i - 1) / 2)
            i = (i - 1) / 2
        }
    }

    /// The earliest entry still valid per `isCurrent(due, slot)`; stale entries above it are discarded.
    mutating func peek(isCurrent: (Date, Int) -> Bool) -> (due: Date, slot: Int)? {
        while let top = heap.first {
            if isCurrent(top.due, top.slot) { return top }
            pop()
        }
        return nil
    }

    /// Removes the earliest entry.
    @discardableResult
    mutating func pop() -> (due: Date, slot: Int)? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < heap.count, heap[l].due < heap[m].due { m = l }
                if r < heap.count, heap[r].due < heap[m].due { m = r }
                if m == i { break }
                heap.swapAt(i, m)
                i = m
            }
        }
        return first
    }
}
