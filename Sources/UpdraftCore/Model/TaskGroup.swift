/// A task group: a named box of tasks (Airflow's `TaskGroup`).
///
/// Groups only shape ids and edges: with `prefixGroupId` the tasks inside are named
/// `group.task`; an edge to a group means its root tasks (no upstream inside the group),
/// an edge from a group means its leaf tasks (no downstream inside the group).
public struct TaskGroup: Sendable, Hashable, Identifiable {
    /// Full id (with the enclosing groups' prefixes when they prefix).
    public var groupId: String
    /// The enclosing group's id; nil at the top level.
    public var parentGroupId: String?
    /// Whether task and group ids inside get the `groupId.` prefix (default true).
    public var prefixGroupId: Bool
    /// Tooltip shown in the UI.
    public var tooltip: String?
    /// Ids of every task inside, nested groups included, in the order written.
    public var taskIds: [String]

    /// `TaskGroup` conforms to `Identifiable` by group id.
    public var id: String { groupId }

    /// A group; `taskIds` lists every task inside, nested ones included.
    public init(
        groupId: String, parentGroupId: String? = nil, prefixGroupId: Bool = true,
        tooltip: String? = nil, taskIds: [String] = []
    ) {
        self.groupId = groupId
        self.parentGroupId = parentGroupId
        self.prefixGroupId = prefixGroupId
        self.tooltip = tooltip
        self.taskIds = taskIds
    }
}
