import UpdraftCore

/// A task group (Airflow's `TaskGroup`): tasks inside are named `group.task`; `>>` to a
/// group means its root tasks, `>>` from a group means its leaf tasks.
///
/// ```swift
/// let load = Group("load", defaultArgs: TaskDefaults(pool: "warehouse")) {
///     BashTask("a", "echo a") >> BashTask("b", "echo b")
/// }
/// chain(extract, load, report)
/// ```
///
/// Write an edge between a task inside and one outside at the level that holds both
/// (`extract >> load`), not inside the group's block.
public struct Group: DagComponent {
    /// The group as authored.
    public var draft: TaskGroupDraft

    /// A group; `defaultArgs` apply to the tasks inside over the DAG's.
    public init(
        _ groupId: String, defaultArgs: TaskDefaults = TaskDefaults(), prefixGroupId: Bool = true,
        tooltip: String? = nil, @DagBuilder _ content: () -> DagParts
    ) {
        draft = TaskGroupDraft(groupId: groupId, defaultArgs: defaultArgs, prefixGroupId: prefixGroupId,
                               tooltip: tooltip, children: content().resolvedNodes())
    }

    /// A group is one node with no edges.
    public var parts: DagParts { DagParts(node: .group(draft)) }
}

extension TaskDefaults {
    /// Defaults with the given options set (nil = not set here), named as the YAML keys.
    public init(
        owner: String? = nil, retries: Int? = nil, retryDelay: TimeSpan? = nil,
        retryExponentialBackoff: Bool? = nil, maxRetryDelay: TimeSpan? = nil,
        executionTimeout: TimeSpan? = nil, triggerRule: TriggerRule? = nil, pool: String? = nil,
        poolSlots: Int? = nil, priorityWeight: Int? = nil, weightRule: WeightRule? = nil,
        queue: String? = nil, dependsOnPast: Bool? = nil, env: [String: String]? = nil,
        cwd: String? = nil, doc: String? = nil,
        onFailureCallback: [NotifierSpec]? = nil, onSuccessCallback: [NotifierSpec]? = nil,
        onRetryCallback: [NotifierSpec]? = nil, onSkippedCallback: [NotifierSpec]? = nil
    ) {
        self.init()
        self.owner = owner
        self.retries = retries
        self.retryDelay = retryDelay
        self.retryExponentialBackoff = retryExponentialBackoff
        self.maxRetryDelay = maxRetryDelay
        self.executionTimeout = executionTimeout
        self.triggerRule = triggerRule
        self.pool = pool
        self.poolSlots = poolSlots
        self.priorityWeight = priorityWeight
        self.weightRule = weightRule
        self.queue = queue
        self.dependsOnPast = dependsOnPast
        self.env = env
        self.cwd = cwd
        self.doc = doc
        var callbacks: [CallbackEvent: [NotifierSpec]] = [:]
        callbacks[.failure] = onFailureCallback
        callbacks[.success] = onSuccessCallback
        callbacks[.retry] = onRetryCallback
        callbacks[.skipped] = onSkippedCallback
        if !callbacks.isEmpty { self.callbacks = Callbacks(callbacks) }
    }
}
