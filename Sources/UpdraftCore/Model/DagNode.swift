/// One entry of a DAG's task tree as authored, before group prefixes and group edges are
/// resolved by ``DagAssembler``: a task, or a task group holding more nodes.
public enum DagNode: Sendable {
    /// A task.
    case task(TaskDraft)
    /// A task group.
    case group(TaskGroupDraft)
}

/// A task as authored: local id, upstream references that may name tasks or groups.
public struct TaskDraft: Sendable {
    /// Id within its group (the group prefix is added by the assembler).
    public var taskId: String
    /// What the task does.
    public var kind: TaskKind
    /// Upstream references: a task or group id, relative to the enclosing group first,
    /// then to each outer group, then absolute.
    public var upstream: [String]
    /// The task's own options (override group and DAG defaults).
    public var options: TaskDefaults
    /// Mapping; an `.xcom` source is a reference resolved like `upstream`.
    public var expand: TaskExpansion?
    /// Where the task is written, for error messages.
    public var location: SourceLocation?
    /// Where each option key is written (`upstream`, `trigger_rule`, …), for error messages.
    public var keyLocations: [String: SourceLocation]

    /// A task draft.
    public init(
        taskId: String, kind: TaskKind, upstream: [String] = [], options: TaskDefaults = TaskDefaults(),
        expand: TaskExpansion? = nil, location: SourceLocation? = nil,
        keyLocations: [String: SourceLocation] = [:]
    ) {
        self.taskId = taskId
        self.kind = kind
        self.upstream = upstream
        self.options = options
        self.expand = expand
        self.location = location
        self.keyLocations = keyLocations
    }
}

/// A task group as authored.
public struct TaskGroupDraft: Sendable {
    /// Id within the enclosing group.
    public var groupId: String
    /// Upstream references of the group: they become upstream of the group's root tasks.
    public var upstream: [String]
    /// Defaults for the tasks inside (over the DAG's and outer groups' defaults).
    public var defaultArgs: TaskDefaults
    /// Prefix the ids inside with `groupId.` (default true).
    public var prefixGroupId: Bool
    /// Tooltip for the UI.
    public var tooltip: String?
    /// Tasks and groups inside, in order.
    public var children: [DagNode]
    /// Where the group is written, for error messages.
    public var location: SourceLocation?

    /// A group draft.
    public init(
        groupId: String, upstream: [String] = [], defaultArgs: TaskDefaults = TaskDefaults(),
        prefixGroupId: Bool = true, tooltip: String? = nil, children: [DagNode] = [],
        location: SourceLocation? = nil
    ) {
        self.groupId = groupId
        self.upstream = upstream
        self.defaultArgs = defaultArgs
        self.prefixGroupId = prefixGroupId
        self.tooltip = tooltip
        self.children = children
        self.location = location
    }
}

/// The result of ``DagAssembler/assemble(_:defaults:)``.
public struct DagAssembly: Sendable {
    /// Flattened tasks with full ids and resolved upstream ids (unresolvable references are
    /// kept as written so that ``Dag/validate()`` reports them).
    public var tasks: [TaskSpec]
    /// The groups, outer before inner.
    public var groups: [TaskGroup]
    /// Where each task was written, by position in `tasks`.
    public var taskLocations: [SourceLocation?]
    /// Where each task's keys were written, by position in `tasks`.
    public var keyLocations: [[String: SourceLocation]]
    /// Problems found while assembling (unknown group upstream, duplicate group ids).
    public var errors: [DagError]
}
