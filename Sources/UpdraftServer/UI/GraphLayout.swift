/// A layered left-to-right drawing of a DAG, decided without I/O: each task's layer is
/// the length of the longest path from a root to it (so every edge points right), tasks
/// in a layer are ordered to keep edges short (barycenter sweeps, ties by topological
/// order), and each task group gets the box around its tasks.
struct GraphLayout: Sendable, Equatable {
    /// One placed task.
    struct Node: Sendable, Equatable {
        var id: String
        var layer: Int
        var order: Int
        var x: Double
        var y: Double
    }

    /// One task group's box.
    struct Box: Sendable, Equatable {
        var groupId: String
        var x: Double, y: Double, width: Double, height: Double
    }

    static let nodeWidth = 180.0, nodeHeight = 30.0, gapX = 60.0, gapY = 14.0, margin = 20.0

    var nodes: [Node]
    /// `(source, target)` pairs, by index into ``nodes``.
    var edges: [(Int, Int)]
    var boxes: [Box]
    var width: Double
    var height: Double

    static func == (a: GraphLayout, b: GraphLayout) -> Bool {
        a.nodes == b.nodes && a.boxes == b.boxes && a.edges.map { [$0.0, $0.1] } == b.edges.map { [$0.0, $0.1] }
    }

    /// The layout of tasks `order` (a topological order), with `upstream[t]` the tasks `t`
    /// depends on and `group[t]` the task group of `t` (nil: none).
    init(order: [String], upstream: [String: [String]], group: [String: String] = [:]) {
        let index = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let parents: [[Int]] = order.map { (upstream[$0] ?? []).compactMap { index[$0] } }
        var children = [[Int]](repeating: [], count: order.count)
        for (child, ps) in parents.enumerated() { for p in ps { children[p].append(child) } }
        var layer = [Int](repeating: 0, count: order.count)
        for i in order.indices { layer[i] = (parents[i].map { layer[$0] + 1 }).max() ?? 0 }
        let layerCount = (layer.max() ?? -1) + 1
        var layers = [[Int]](repeating: [], count: layerCount)
        for i in order.indices { layers[layer[i]].append(i) }
        var position = [Double](repeating: 0, count: order.count)
        func renumber() { for l in layers { for (k, i) in l.enumerated() { position[i] = Double(k) } } }
        renumber()
        // Two down-and-up sweeps: order each layer by the mean position of its neighbours.
        for _ in 0..<2 {
            for l in 1..<max(layerCount, 1) { Self.sort(&layers[l], by: parents, position: position); renumber() }
            for l in stride(from: layerCount - 2, through: 0, by: -1) { Self.sort(&layers[l], by: children, position: position); renumber() }
        }
        var nodes = order.indices.map { Node(id: order[$0], layer: layer[$0], order: 0, x: 0, y: 0) }
        for l in layers {
            for (k, i) in l.enumerated() {
                nodes[i].order = k
                nodes[i].x = Self.margin + Double(nodes[i].layer) * (Self.nodeWidth + Self.gapX)
                nodes[i].y = Self.margin + Double(k) * (Self.nodeHeight + Self.gapY)
            }
        }
        self.nodes = nodes
        edges = parents.enumerated().flatMap { child, ps in ps.map { ($0, child) } }
        var members: [String: [Node]] = [:]
        for node in nodes { if let g = group[node.id] { members[g, default: []].append(node) } }
        boxes = members.keys.sorted().map { g in
            let ns = members[g]!
            let minX = ns.map(\.x).min()! - 8, minY = ns.map(\.y).min()! - 18
            let maxX = ns.map(\.x).max()! + Self.nodeWidth + 8, maxY = ns.map(\.y).max()! + Self.nodeHeight + 8
            return Box(groupId: g, x: minX, y: minY, width: maxX - minX, height: maxY - minY)
        }
        width = Self.margin * 2 + Double(max(layerCount, 1)) * (Self.nodeWidth + Self.gapX) - Self.gapX
        height = Self.margin * 2 + Double(max(layers.map(\.count).max() ?? 1, 1)) * (Self.nodeHeight + Self.gapY)
    }

    /// Orders `items` by the mean position of their `neighbours`, keeping the current order
    /// for ties and for items without neighbours.
    private static func sort(_ items: inout [Int], by neighbours: [[Int]], position: [Double]) {
        let keyed = items.enumerated().map { k, i -> (Double, Int, Int) in
            let ns = neighbours[i]
            let mean = ns.isEmpty ? Double(k) : ns.map { position[$0] }.reduce(0, +) / Double(ns.count)
            return (mean, k, i)
        }
        items = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }
}
