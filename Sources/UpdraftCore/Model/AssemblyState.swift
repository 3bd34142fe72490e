/// Working state of one ``DagAssembler`` run: the flattened tasks and groups, id lookups,
/// memoized group roots and leaves, and the errors found.
struct AssemblyState {
    struct TaskEntry {
        var fullId: String
        var draft: TaskDraft
        var scopes: [String]
        var options: TaskDefaults
        var groupChain: [Int]
    }
    struct GroupEntry {
        var fullId: String
        var draft: TaskGroupDraft
        var scopes: [String]
        var parent: Int?
        var taskIndices: [Int] = []
        var subgroups: [Int] = []
    }
    enum Target { case task(Int), group(Int) }

    var tasks: [TaskEntry] = []
    var groups: [GroupEntry] = []
    var taskById: [String: Int] = [:]
    var groupById: [String: Int] = [:]
    var errors: [DagError] = []
    var rootsMemo: [Int: [Int]] = [:]
    var leavesMemo: [Int: [Int]] = [:]

    mutating func collect(_ nodes: [DagNode], scopes: [String], defaults: TaskDefaults, parent: Int?, chain: [Int]) {
        for node in nodes {
            switch node {
            case .task(let draft):
                let fullId = scopes[0] + draft.taskId
                let index = tasks.count
                if taskById[fullId] == nil { taskById[fullId] = index }
                if groupById[fullId] != nil { duplicate(fullId, at: draft.location, task: true) }
                tasks.append(TaskEntry(fullId: fullId, draft: draft, scopes: scopes,
                                       options: defaults.overlaid(with: draft.options), groupChain: chain))
                for g in chain { groups[g].taskIndices.append(index) }
            case .group(let draft):
                let fullId = scopes[0] + draft.groupId
                let index = groups.count
                if groupById[fullId] != nil || taskById[fullId] != nil {
                    duplicate(fullId, at: draft.location, task: false)
                } else {
                    groupById[fullId] = index
                }
                groups.append(GroupEntry(fullId: fullId, draft: draft, scopes: scopes, parent: parent))
                if let parent { groups[parent].subgroups.append(index) }
                let inner = draft.prefixGroupId ? [fullId + "."] + scopes : scopes
                collect(draft.children, scopes: inner, defaults: defaults.overlaid(with: draft.defaultArgs),
                        parent: index, chain: chain + [index])
            }
        }
    }

    mutating func duplicate(_ id: String, at location: SourceLocation?, task: Bool) {
        let what = task ? "task" : "task group"
        errors.append(DagError(.duplicateTaskId, "duplicate id '\(id)': a \(what) uses an id already taken",
                               taskId: id).placed(at: location))
    }

    func resolve(_ ref: String, scopes: [String]) -> Target? {
        for scope in scopes {
            if let t = taskById[scope + ref] { return .task(t) }
            if let g = groupById[scope + ref] { return .group(g) }
        }
        return nil
    }

    func isInside(_ target: Target, group g: Int, strictly: Bool) -> Bool {
        switch target {
        case .task(let t): tasks[t].groupChain.contains(g)
        case .group(let h): strictly ? h != g && groupAncestors(h).contains(g) : groupAncestors(h).contains(g)
        }
    }

    func groupAncestors(_ g: Int) -> [Int] {
        var out = [g]
        var cur = groups[g].parent
        while let c = cur { out.append(c); cur = groups[c].parent }
        return out
    }

    /// Source tasks of an edge coming from `target` (a task, or a group's leaves).
    mutating func sources(_ target: Target) -> [Int] {
        switch target {
        case .task(let t): [t]
        case .group(let g): ends(of: g).leaves
        }
    }

    /// Roots and leaves of group `g`, from the edges among its own tasks.
    mutating func ends(of g: Int) -> (roots: [Int], leaves: [Int]) {
        if let r = rootsMemo[g], let l = leavesMemo[g] { return (r, l) }
        let members = Set(groups[g].taskIndices)
        var hasIn = Set<Int>(), hasOut = Set<Int>()
        func internalSources(_ ref: String, scopes: [String], _ me: inout AssemblyState) -> [Int] {
            guard let target = me.resolve(ref, scopes: scopes) else { return [] }
            switch target {
            case .task(let t): return members.contains(t) ? [t] : []
            case .group: return me.isInside(target, group: g, strictly: true) ? me.sources(target) : []
            }
        }
        for t in groups[g].taskIndices {
            for ref in tasks[t].draft.upstream {
                for s in internalSources(ref, scopes: tasks[t].scopes, &self) { hasOut.insert(s); hasIn.insert(t) }
            }
        }
        for h in groups.indices where h != g && groupAncestors(h).contains(g) {
            let targets = ends(of: h).roots
            for ref in groups[h].draft.upstream {
                for s in internalSources(ref, scopes: groups[h].scopes, &self) {
                    hasOut.insert(s)
                    hasIn.formUnion(targets)
                }
            }
        }
        let roots = groups[g].taskIndices.filter { !hasIn.contains($0) }
        let leaves = groups[g].taskIndices.filter { !hasOut.contains($0) }
        rootsMemo[g] = roots
        leavesMemo[g] = leaves
        return (roots, leaves)
    }

    mutating func finish() -> DagAssembly {
        var upstream: [[String]] = tasks.map { _ in [] }
        for i in tasks.indices {
            for ref in tasks[i].draft.upstream {
                if let target = resolve(ref, scopes: tasks[i].scopes) {
                    upstream[i] += sources(target).map { tasks[$0].fullId }
                } else {
                    upstream[i].append(ref)
                }
            }
        }
        var expands: [TaskExpansion?] = tasks.map(\.draft.expand)
        for i in tasks.indices {
            guard case .xcom(let ref, let key)? = expands[i],
                  case .task(let s)? = resolve(ref, scopes: tasks[i].scopes) else { continue }
            expands[i] = .xcom(taskId: tasks[s].fullId, key: key)
            upstream[i].append(tasks[s].fullId)
        }
        for g in groups.indices {
            for ref in groups[g].draft.upstream {
                guard let target = resolve(ref, scopes: groups[g].scopes) else {
                    errors.append(DagError(.unknownUpstream,
                        "unknown upstream '\(ref)' of task group '\(groups[g].fullId)'",
                        taskId: groups[g].fullId, key: "upstream").placed(at: groups[g].draft.location))
                    continue
                }
                let ids = sources(target).map { tasks[$0].fullId }
                for r in ends(of: g).roots { upstream[r] += ids }
            }
        }
        let specs = tasks.indices.map { i in
            TaskSpec(taskId: tasks[i].fullId, kind: tasks[i].draft.kind, upstreamIds: upstream[i],
                     groupId: tasks[i].groupChain.last.map { groups[$0].fullId },
                     options: tasks[i].options, expand: expands[i])
        }
        let groupModels = groups.map { g in
            TaskGroup(groupId: g.fullId, parentGroupId: g.parent.map { groups[$0].fullId },
                      prefixGroupId: g.draft.prefixGroupId, tooltip: g.draft.tooltip,
                      taskIds: g.taskIndices.map { tasks[$0].fullId })
        }
        return DagAssembly(tasks: specs, groups: groupModels, taskLocations: tasks.map(\.draft.location),
                           keyLocations: tasks.map(\.draft.keyLocations), errors: errors)
    }
}
