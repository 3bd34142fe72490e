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
        var rows: [Row] = []
        var emittedGroups = Set<String>()
        var emittedTasks = Set<String>()
        // Emits the group `g` (header, then its members in topological order).
        func emitGroup(_ g: String) {
            guard emittedGroups.insert(g).inserted else { return }
            rows.append(Row(id: g, kind: .group, groupId: groups[g]?.parentGroupId, groups: chain(groups[g]?.parentGroupId)))
            for id in order where !emittedTasks.contains(id) {
                let path = chain(tasks[id]?.groupId)
                guard let at = path.firstIndex(of: g) else { continue }
                if at + 1 < path.count { emitGroup(path[at + 1]) } else { emitTask(id) }
            }
        }
        func emitTask(_ id: String) {
            guard emittedTasks.insert(id).inserted else { return }
            rows.append(Row(id: id, kind: .task(mapped: tasks[id]?.isMapped ?? false), groupId: tasks[id]?.groupId,
                            groups: chain(tasks[id]?.groupId)))
        }
        for id in order where !emittedTasks.contains(id) {
            if let top = chain(tasks[id]?.groupId).first { emitGroup(top) } else { emitTask(id) }
        }
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

    /// The cells of one run, by task id, from its task instances.
    static func cells(_ instances: [TaskInstanceRecord]) -> [String: Cell] {
        var out: [String: Cell] = [:]
        for ti in instances {
            if ti.id.mapIndex < 0 {
                out[ti.id.taskId, default: Cell()].state = ti.state
            } else {
                out[ti.id.taskId, default: Cell()].mapped[ti.id.mapIndex] = ti.state
            }
        }
        for (task, cell) in out where !cell.mapped.isEmpty {
            out[task]?.state = StatePalette.fold(cell.mapped.keys.sorted().compactMap { cell.mapped[$0] })
        }
        return out
    }
}
