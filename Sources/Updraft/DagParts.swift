import UpdraftCore

/// Anything that can stand in a ``DagBuilder`` block or on either side of `>>` / `<<`:
/// a task, a task group, a chain of them.
public protocol DagComponent: Sendable {
    /// The tasks, groups and edges this component declares.
    var parts: DagParts { get }
}

/// What a piece of a DSL DAG declares: nodes (tasks and groups, by local id), the edges
/// between them, and its heads and tails (where `>>` attaches on the left and right).
///
/// A node declared twice under one id (a task used in several `>>` chains, or in every
/// turn of a loop) is one node: the first declaration wins.
public struct DagParts: Sendable, DagComponent {
    /// Declared tasks and groups, in order of first appearance.
    public var nodes: [DagNode]
    /// Edges as (upstream id, downstream id), ids local to the enclosing block.
    public var edges: [DagEdge]
    /// Ids an edge coming from the left attaches to.
    public var heads: [String]
    /// Ids an edge going to the right leaves from.
    public var tails: [String]

    /// Nothing: no nodes, no edges.
    public static let empty = DagParts(nodes: [], edges: [], heads: [], tails: [])

    /// Parts made of the given pieces.
    public init(nodes: [DagNode], edges: [DagEdge], heads: [String], tails: [String]) {
        self.nodes = nodes
        self.edges = edges
        self.heads = heads
        self.tails = tails
    }

    /// One node with no edges: it is its own head and tail.
    public init(node: DagNode) {
        let id = node.localId
        self.init(nodes: [node], edges: [], heads: [id], tails: [id])
    }

    /// `DagParts` is its own component.
    public var parts: DagParts { self }

    /// Side by side: all nodes and edges, all heads, all tails (`[a, b]`, a block).
    public static func merging(_ all: [DagParts]) -> DagParts {
        DagParts(nodes: all.flatMap(\.nodes), edges: all.flatMap(\.edges),
                 heads: all.flatMap(\.heads), tails: all.flatMap(\.tails))
    }

    /// `left >> right` (`rightIsDownstream`) or `left << right`: an edge between every
    /// tail of the upstream side and every head of the downstream side. As in Airflow, the
    /// result stands for `right` when chained further: `(a >> b) << c` makes `b` run after
    /// `a` and after `c`.
    public static func linking(_ left: DagParts, _ right: DagParts, rightIsDownstream: Bool) -> DagParts {
        let (up, down) = rightIsDownstream ? (left, right) : (right, left)
        var edges = left.edges + right.edges
        for tail in up.tails {
            for head in down.heads { edges.append(DagEdge(upstream: tail, downstream: head)) }
        }
        return DagParts(nodes: left.nodes + right.nodes, edges: edges, heads: right.heads, tails: right.tails)
    }

    /// The nodes with duplicates folded (first declaration wins) and every edge written
    /// into the downstream node's `upstream` list, ready for ``DagAssembler``.
    public func resolvedNodes() -> [DagNode] {
        var order: [String] = []
        var byId: [String: DagNode] = [:]
        for node in nodes where byId[node.localId] == nil {
            order.append(node.localId)
            byId[node.localId] = node
        }
        for edge in edges {
            guard var node = byId[edge.downstream] else { continue }
            node.addUpstream(edge.upstream)
            byId[edge.downstream] = node
        }
        return order.compactMap { byId[$0] }
    }
}

/// A dependency declared with `>>` or `<<`.
public struct DagEdge: Sendable, Hashable {
    /// The id that runs first.
    public var upstream: String
    /// The id that runs after it.
    public var downstream: String

    /// An edge `upstream >> downstream`.
    public init(upstream: String, downstream: String) {
        self.upstream = upstream
        self.downstream = downstream
    }
}

extension DagNode {
    /// The task id or group id, without enclosing group prefixes.
    public var localId: String {
        switch self {
        case .task(let t): t.taskId
        case .group(let g): g.groupId
        }
    }

    /// Adds `id` to the node's upstream references unless it is there already.
    mutating func addUpstream(_ id: String) {
        switch self {
        case .task(var t):
            if !t.upstream.contains(id) { t.upstream.append(id) }
            self = .task(t)
        case .group(var g):
            if !g.upstream.contains(id) { g.upstream.append(id) }
            self = .group(g)
        }
    }
}
