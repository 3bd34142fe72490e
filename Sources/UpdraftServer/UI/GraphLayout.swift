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
    /// Extra room where the group changes down a layer: a box's padding and label, and air.
    static let groupGap = 30.0
    /// The extra margin of a box per level of groups nested inside it.
    static let nestedPadding = 8.0

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
        func renumber(_ l: Int) { for (k, i) in layers[l].enumerated() { position[i] = Double(k) } }
        for l in layers.indices { renumber(l) }
        // Two down-and-up sweeps: order each layer by the mean position of its neighbours.
        for _ in 0..<2 {
            for l in 1..<max(layerCount, 1) { Self.sort(&layers[l], by: parents, position: position); renumber(l) }
            for l in stride(from: layerCount - 2, through: 0, by: -1) { Self.sort(&layers[l], by: children, position: position); renumber(l) }
        }
        // A group's tasks together in each layer (where its first one came), and room for
        // the box and its label wherever the group changes down a layer.
        for l in layers.indices { layers[l] = Self.groupedTogether(layers[l], group: { group[order[$0]] }) }
        // Nested groups ("outer.inner") get a box inside their parent's: more room per level.
        let nesting = group.values.map { $0.split(separator: ".").count }.max() ?? 1
        let groupGap = Self.groupGap + Self.nestedPadding * Double(max(0, nesting - 1)) * 2
        var nodes = order.indices.map { Node(id: order[$0], layer: layer[$0], order: 0, x: 0, y: 0) }
        var bottom = Self.margin
        for l in layers {
            var y = Self.margin
            var previousGroup: String?
            for (k, i) in l.enumerated() {
                let g = group[order[i]]
                if k == 0 { if g != nil { y += groupGap / 2 } } else if g != previousGroup { y += groupGap }
                previousGroup = g
                nodes[i].order = k
                nodes[i].x = Self.margin + Double(nodes[i].layer) * (Self.nodeWidth + Self.gapX)
                nodes[i].y = y
                y += Self.nodeHeight + Self.gapY
            }
            bottom = max(bottom, y)
        }
        self.nodes = nodes
        edges = parents.enumerated().flatMap { child, ps in ps.map { ($0, child) } }
        // A group's box holds its tasks and its nested groups' tasks, with a wider margin
        // for each level of nesting inside it.
        var members: [String: [Node]] = [:]
        var inner: [String: Int] = [:]
        for node in nodes {
            guard let g = group[node.id] else { continue }
            let parts = g.split(separator: ".")
            for n in 1...parts.count {
                let outer = parts.prefix(n).joined(separator: ".")
                members[outer, default: []].append(node)
                inner[outer] = max(inner[outer] ?? 0, parts.count - n)
            }
        }
        boxes = members.keys.sorted().map { g in
            let ns = members[g]!
            let pad = Self.nestedPadding * Double(inner[g] ?? 0)
            let minX = ns.map(\.x).min()! - 8 - pad, minY = ns.map(\.y).min()! - 18 - pad
            let maxX = ns.map(\.x).max()! + Self.nodeWidth + 8 + pad, maxY = ns.map(\.y).max()! + Self.nodeHeight + 8 + pad
            return Box(groupId: g, x: minX, y: minY, width: maxX - minX, height: maxY - minY)
        }
        width = Self.margin * 2 + Double(max(layerCount, 1)) * (Self.nodeWidth + Self.gapX) - Self.gapX
        height = max(bottom, Self.margin + Self.nodeHeight + Self.gapY) + Self.margin
    }

    /// `items` with the members of each group next to each other, at the place of the
    /// group's first member; ungrouped items keep their places relative to the groups.
    /// Nested groups stay inside their outer group's run of items.
    static func groupedTogether(_ items: [Int], group: (Int) -> String?) -> [Int] {
        var firstAt: [String: Int] = [:]
        func top(_ g: String) -> String { String(g.prefix { $0 != "." }) }
        for (k, i) in items.enumerated() {
            guard let g = group(i) else { continue }
            if firstAt[g] == nil { firstAt[g] = k }
            if firstAt["\u{0}" + top(g)] == nil { firstAt["\u{0}" + top(g)] = k }
        }
        func key(_ k: Int, _ i: Int) -> (Int, Int, Int) {
            guard let g = group(i) else { return (k, k, k) }
            return (firstAt["\u{0}" + top(g)]!, firstAt[g]!, k)
        }
        return items.enumerated().sorted { key($0.offset, $0.element) < key($1.offset, $1.element) }.map(\.element)
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
