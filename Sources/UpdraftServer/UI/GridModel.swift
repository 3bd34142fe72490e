import UpdraftCore
import UpdraftStore

/// What the grid page shows, decided without I/O: rows (tasks in topological order, each
/// task group as a collapsible header just before its first task, mapped tasks with their
/// instance count) and one cell per run and row. Large DAGs are paged by rows in that
/// order (``page(offset:limit:)``), so the first page holds the tasks that run first.
struct GridModel: Sendable, Equatable {
    /// One row.
    struct Row: Sendable, Equatable {
        /// A task, or a task group's header.
        enum Kind: Sendable, Equatable {
            case task(mapped: Bool)
            case group
        }
        /// The task id, or the group id for a header.
        var id: String
        var kind: Kind
        /// The enclosing group (nil at the top level).
        var groupId: String?
        /// The enclosing groups, outermost first (a header's own id not included).
        var groups: [String]
        /// How many groups enclose it (indent).
        var depth: Int { groups.count }
    }

    /// One cell: the state shown and, for a mapped task, its instances' states by map index.
    struct Cell: Sendable, Equatable {
        var state: TaskInstanceState?
        var mapped: [Int: TaskInstanceState] = [:]
    }

    /// Every row of the DAG, in order.
    var rows: [Row]

    /// The rows of a DAG: topological order; a group's tasks (and nested groups) together,
    /// placed where its first task comes in that order.
    init(dag: Dag) {
        let order = dag.topologicalTaskIds() ?? dag.tasks.map(\.taskId)
        let tasks = Dictionary(dag.tasks.map { ($0.taskId, $0) }, uniquingKeysWith: { a, _ in a })
        let groups = Dictionary(dag.taskGroups.map { ($0.groupId, $0) }, uniquingKeysWith: { a, _ in a })
        func chain(_ groupId: String?) -> [String] {
            var out: [String] = []
            var current = groupId
            while let g = current, !out.contains(g) {
                out.insert(g, at: 0)
                current = groups[g]?.parentGroupId
            }
            return out
        }
        // What each group holds, in the order its first task comes: a nested group or a task
        // (one pass over the tasks; `nil` is the top level).
        enum Entry: Hashable { case group(String), task(String) }
        var children: [String?: [Entry]] = [:]
        var seen: [String?: Set<Entry>] = [:]
        var chains: [String: [String]] = [:]
        for id in order {
            let path = chain(tasks[id]?.groupId)
            chains[id] = path
            let owners: [String?] = [nil] + path.map { $0 }
            for (k, owner) in owners.enumerated() {
                let entry: Entry = k < path.count ? .group(path[k]) : .task(id)
                if seen[owner, default: []].insert(entry).inserted { children[owner, default: []].append(entry) }
            }
        }
        var rows: [Row] = []
        rows.reserveCapacity(order.count + groups.count)
        func emit(_ owner: String?) {
            for entry in children[owner] ?? [] {
                switch entry {
                case .group(let g):
                    rows.append(Row(id: g, kind: .group, groupId: groups[g]?.parentGroupId, groups: chain(groups[g]?.parentGroupId)))
                    emit(g)
                case .task(let id):
                    rows.append(Row(id: id, kind: .task(mapped: tasks[id]?.isMapped ?? false), groupId: tasks[id]?.groupId,
                                    groups: chains[id] ?? []))
                }
            }
        }
        emit(nil)
        self.rows = rows
    }

    /// Rows `offset..<offset+limit` of ``rows``, preceded by the headers of the groups the
    /// first of them sits in (so a page that starts inside a group still shows it).
    func page(offset: Int, limit: Int) -> [Row] {
        guard offset < rows.count, limit > 0 else { return [] }
        let slice = Array(rows[offset..<min(rows.count, offset + limit)])
        var headers: [Row] = []
        var parent = slice.first?.groupId
        while let g = parent, let header = rows[..<offset].last(where: { $0.kind == .group && $0.id == g }) {
            headers.insert(header, at: 0)
            parent = header.groupId
        }
        return headers + slice
    }

    /// The cells of one run, by task id, from its instances' states.
    static func cells(states: [TaskInstanceStateRow]) -> [String: Cell] {
        var out: [String: Cell] = [:]
        out.reserveCapacity(states.count)
        for ti in states {
            if ti.mapIndex < 0 {
                out[ti.taskId, default: Cell()].state = ti.state
            } else {
                out[ti.taskId, default: Cell()].mapped[ti.mapIndex] = ti.state
            }
        }
        for (task, cell) in out where !cell.mapped.isEmpty {
            out[task]?.state = StatePalette.fold(cell.mapped.keys.sorted().compactMap { cell.mapped[$0] })
        }
        return out
    }
}
