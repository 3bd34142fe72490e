extension Dag {
    /// Task ids in dependency order: every task after all its upstream tasks; among tasks
    /// that are ready together, the one written first comes first, so the order is the
    /// same on every machine. Nil when the graph has a cycle. Upstream ids that name no
    /// task are ignored.
    public func topologicalTaskIds() -> [String]? {
        let graph = TaskGraph(self)
        let n = tasks.count
        var pending = graph.parents.map(\.count)
        // A min-heap on task position keeps "first written first" among ready tasks.
        var ready = MinHeap((0..<n).filter { pending[$0] == 0 })
        var order: [String] = []
        order.reserveCapacity(n)
        while let i = ready.popMin() {
            order.append(tasks[i].taskId)
            for child in graph.children[i] {
                pending[child] -= 1
                if pending[child] == 0 { ready.insert(child) }
            }
        }
        return order.count == n ? order : nil
    }
}

/// A binary min-heap of integers.
struct MinHeap {
    private var items: [Int]

    init(_ values: [Int]) {
        items = []
        for v in values { insert(v) }
    }

    mutating func insert(_ v: Int) {
        items.append(v)
        var i = items.count - 1
        while i > 0, items[(i - 1) / 2] > items[i] {
            items.swapAt(i, (i - 1) / 2)
            i = (i - 1) / 2
        }
    }

    mutating func popMin() -> Int? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count, items[l] < items[m] { m = l }
                if r < items.count, items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return first
    }
}
