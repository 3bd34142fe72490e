/// Finds cycles in a DAG's task graph with one iterative depth-first search (linear time).
enum CycleFinder {
    /// One entry per back edge found: the cycle as task ids, first id repeated at the end
    /// (`[a, b, c, a]`), and the index of the task whose `upstream` closes it.
    static func cycles(in dag: Dag) -> [(path: [String], closingTask: Int)] {
        let graph = TaskGraph(dag)
        let n = graph.children.count
        var state = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
        var position = [Int](repeating: -1, count: n)
        var found: [(path: [String], closingTask: Int)] = []
        for start in 0..<n where state[start] == 0 {
            var stack: [(node: Int, edge: Int)] = [(start, 0)]
            state[start] = 1
            position[start] = 0
            while let top = stack.last {
                let next = graph.children[top.node]
                guard top.edge < next.count else {
                    state[top.node] = 2
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].edge += 1
                let child = next[top.edge]
                if state[child] == 0 {
                    state[child] = 1
                    position[child] = stack.count
                    stack.append((child, 0))
                } else if state[child] == 1 {
                    let loop = stack[position[child]...].map { dag.tasks[$0.node].taskId }
                    found.append((loop + [dag.tasks[child].taskId], child))
                }
            }
        }
        return found
    }
}
