extension Dag {
    /// Every task downstream of `roots` (transitively), not including the roots: what
    /// `tasks clear --downstream` and the API's `include_downstream` add.
    public func downstreamTaskIds(of roots: Set<String>) -> Set<String> {
        Self.reachable(from: roots, edges: downstreamIds)
    }

    /// Every task upstream of `roots` (transitively), not including the roots.
    public func upstreamTaskIds(of roots: Set<String>) -> Set<String> {
        Self.reachable(from: roots, edges: Dictionary(tasks.map { ($0.taskId, $0.upstreamIds) }, uniquingKeysWith: { a, _ in a }))
    }

    private static func reachable(from roots: Set<String>, edges: [String: [String]]) -> Set<String> {
        var seen = Set<String>()
        var stack = Array(roots)
        while let next = stack.popLast() {
            for child in edges[next] ?? [] where !seen.contains(child) && !roots.contains(child) {
                seen.insert(child)
                stack.append(child)
            }
        }
        return seen
    }
}
