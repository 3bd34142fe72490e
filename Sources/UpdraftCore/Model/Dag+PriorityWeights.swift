extension Dag {
    /// Effective priority weight of every task, by task id, as Airflow computes it:
    /// - `downstream`: own weight + the weights of all tasks downstream of it (transitively,
    ///   each counted once);
    /// - `upstream`: own weight + the weights of all tasks upstream of it;
    /// - `absolute`: own weight.
    ///
    /// Results are clamped to the 32-bit range as Airflow's `db_safe_priority` does.
    /// Cost: O(tasks × edges / 64) with bit sets. Upstream ids that name no task are
    /// ignored; tasks on a cycle count only what is reachable outside it.
    public func effectivePriorityWeights() -> [String: Int] {
        let graph = TaskGraph(self)
        let needsDown = tasks.contains { $0.weightRule == .downstream }
        let needsUp = tasks.contains { $0.weightRule == .upstream }
        let down = needsDown ? graph.reachable(following: graph.children) : []
        let up = needsUp ? graph.reachable(following: graph.parents) : []
        var out = [String: Int](minimumCapacity: tasks.count)
        for (i, task) in tasks.enumerated() where out[task.taskId] == nil {
            var total = task.priorityWeight
            switch task.weightRule {
            case .absolute: break
            case .downstream: total += down[i].sum { tasks[$0].priorityWeight }
            case .upstream: total += up[i].sum { tasks[$0].priorityWeight }
            }
            out[task.taskId] = min(max(total, Int(Int32.min)), Int(Int32.max))
        }
        return out
    }
}

/// Task indices and edges of a DAG, for graph algorithms (first task wins on duplicate ids).
struct TaskGraph {
    /// Direct upstream task indices of each task.
    var parents: [[Int]]
    /// Direct downstream task indices of each task.
    var children: [[Int]]

    init(_ dag: Dag) {
        let index = dag.taskIndex
        parents = dag.tasks.map { t in t.upstreamIds.compactMap { index[$0] } }
        children = Array(repeating: [], count: dag.tasks.count)
        for (i, ups) in parents.enumerated() { for p in ups { children[p].append(i) } }
    }

    /// For every node, the set of nodes reachable by following `next` (itself excluded).
    func reachable(following next: [[Int]]) -> [BitSet] {
        let n = next.count
        var sets = Array(repeating: BitSet(count: n), count: n)
        // Post-order DFS: a node's set is the union of its successors' sets plus themselves.
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
        for start in 0..<n where state[start] == 0 {
            var stack: [(node: Int, edge: Int)] = [(start, 0)]
            state[start] = 1
            while let top = stack.last {
                if top.edge < next[top.node].count {
                    stack[stack.count - 1].edge += 1
                    let succ = next[top.node][top.edge]
                    if state[succ] == 0 { state[succ] = 1; stack.append((succ, 0)) }
                } else {
                    stack.removeLast()
                    state[top.node] = 2
                    var set = BitSet(count: n)
                    for succ in next[top.node] where succ != top.node {
                        set.insert(succ)
                        if state[succ] == 2 { set.formUnion(sets[succ]) }
                    }
                    set.remove(top.node)
                    sets[top.node] = set
                }
            }
        }
        return sets
    }
}

/// A fixed-size set of small integers.
struct BitSet: Hashable {
    private var words: [UInt64]

    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }

    mutating func insert(_ i: Int) { words[i >> 6] |= 1 << UInt64(i & 63) }
    mutating func remove(_ i: Int) { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
    func contains(_ i: Int) -> Bool { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
    mutating func formUnion(_ other: BitSet) { for w in words.indices { words[w] |= other.words[w] } }

    /// Sum of `value` over the members.
    func sum(_ value: (Int) -> Int) -> Int {
        var total = 0
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let b = bits.trailingZeroBitCount
                total += value(w * 64 + b)
                bits &= bits - 1
            }
        }
        return total
    }
}
