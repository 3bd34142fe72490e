import Foundation

/// The facts about a DAG that run planning reads on every step: tasks by index, edges both
/// ways, topological positions, leaves, effective priority weights and mapping sources.
///
/// Building one costs O(tasks × edges / 64) (the priority weights); build it once per DAG
/// version and pass it to ``RunTracker/init(plan:runId:instances:previousRunStates:mapLengths:runState:)``
/// for each run: copies share storage.
public struct RunPlan: Sendable {
    /// The DAG id.
    public let dagId: String
    /// The DAG's tasks (index = position in ``Dag/tasks``; later duplicates are ignored).
    let tasks: [TaskSpec]
    /// Task index by task id.
    let index: [String: Int]
    /// Direct upstream task indices of each task (ids naming no task are dropped).
    let upstream: [[Int]]
    /// Direct downstream task indices of each task.
    let downstream: [[Int]]
    /// Task indices in topological order (written order among ready tasks); on a cycle,
    /// the written order.
    let order: [Int]
    /// Topological position of each task (inverse of ``order``).
    let position: [Int]
    /// Tasks without downstream tasks: their states decide the run's state.
    let isLeaf: [Bool]
    /// Effective priority weight of each task (``Dag/effectivePriorityWeights()``).
    let weight: [Int]
    /// For each task, the mapped tasks that `expand` over its XCom.
    let mappedConsumers: [[Int]]
    /// Task ids of each task group, for branches that choose a group.
    let groupTasks: [String: [String]]

    /// The plan of `dag`.
    public init(_ dag: Dag) {
        self.dagId = dag.dagId
        let index = dag.taskIndex
        let kept = dag.tasks.indices.filter { index[dag.tasks[$0].taskId] == $0 }
        let tasks = kept.map { dag.tasks[$0] }
        var byId = [String: Int](minimumCapacity: tasks.count)
        for (i, t) in tasks.enumerated() { byId[t.taskId] = i }
        var upstream = tasks.map { t in t.upstreamIds.compactMap { byId[$0] } }
        // A mapped task depends on the task it expands over, even if not written as an edge.
        for (i, t) in tasks.enumerated() {
            if let source = t.expand?.sourceTaskId, let s = byId[source], !upstream[i].contains(s) {
                upstream[i].append(s)
            }
        }
        var downstream = Array(repeating: [Int](), count: tasks.count)
        var consumers = Array(repeating: [Int](), count: tasks.count)
        for (i, ups) in upstream.enumerated() {
            for u in ups where u != i { downstream[u].append(i) }
            if let source = tasks[i].expand?.sourceTaskId, let s = byId[source] { consumers[s].append(i) }
        }
        let order = Self.topologicalOrder(upstream: upstream, downstream: downstream)
        var position = Array(repeating: 0, count: tasks.count)
        for (p, t) in order.enumerated() { position[t] = p }
        let weights = dag.effectivePriorityWeights()
        self.tasks = tasks
        self.index = byId
        self.upstream = upstream
        self.downstream = downstream
        self.order = order
        self.position = position
        self.isLeaf = downstream.map(\.isEmpty)
        self.weight = tasks.map { weights[$0.taskId] ?? $0.priorityWeight }
        self.mappedConsumers = consumers
        self.groupTasks = Dictionary(dag.taskGroups.map { ($0.groupId, $0.taskIds) }, uniquingKeysWith: { a, _ in a })
    }

    /// Kahn's algorithm with a min-heap on the written position, as ``Dag/topologicalTaskIds()``
    /// but over these edges (mapping sources included); the written order on a cycle.
    static func topologicalOrder(upstream: [[Int]], downstream: [[Int]]) -> [Int] {
        var pending = upstream.enumerated().map { i, ups in ups.filter { $0 != i }.count }
        var ready = MinHeap(pending.indices.filter { pending[$0] == 0 })
        var order: [Int] = []
        order.reserveCapacity(upstream.count)
        while let i = ready.popMin() {
            order.append(i)
            for d in downstream[i] {
                pending[d] -= 1
                if pending[d] == 0 { ready.insert(d) }
            }
        }
        return order.count == upstream.count ? order : Array(upstream.indices)
    }

    /// Every task reachable downstream of `starts` (the starts included).
    func closureDownstream(of starts: [Int]) -> Set<Int> {
        var seen = Set(starts)
        var stack = starts
        while let t = stack.popLast() {
            for d in downstream[t] where seen.insert(d).inserted { stack.append(d) }
        }
        return seen
    }
}
