import UpdraftCore

/// A task written with the DSL (``BashTask``, ``EmptyTask``, ``BranchTask``,
/// ``SwiftTask``, ``SwiftBranchTask``, ``SensorTask``). Options are set with modifiers
/// named after the YAML keys, each returning a changed copy:
///
/// ```swift
/// BashTask("load", "echo load {{ ds }}")
///     .retries(3).retryDelay(.minutes(2))
///     .pool("large_tables").priorityWeight(10)
/// ```
public protocol TaskDeclaration: DagComponent {
    /// The task as authored, before group prefixes and defaults are applied.
    var draft: TaskDraft { get set }
}

extension TaskDeclaration {
    /// A task is one node with no edges.
    public var parts: DagParts { DagParts(node: .task(draft)) }

    /// The task id, local to its group.
    public var taskId: String { draft.taskId }

    /// A copy with `change` applied to the draft.
    func with(_ change: (inout TaskDraft) -> Void) -> Self {
        var copy = self
        change(&copy.draft)
        return copy
    }

    /// Every option of `options` that is set replaces the task's own.
    public func options(_ options: TaskDefaults) -> Self {
        with { $0.options = $0.options.overlaid(with: options) }
    }

    /// Owner shown in listings.
    public func owner(_ owner: String) -> Self { with { $0.options.owner = owner } }
    /// Extra tries after the first failure.
    public func retries(_ retries: Int) -> Self { with { $0.options.retries = retries } }
    /// Wait before a retry.
    public func retryDelay(_ delay: TimeSpan) -> Self { with { $0.options.retryDelay = delay } }
    /// Double the delay after each retry (with jitter), up to `max` when given.
    public func retryExponentialBackoff(max: TimeSpan? = nil) -> Self {
        with {
            $0.options.retryExponentialBackoff = true
            $0.options.maxRetryDelay = max ?? $0.options.maxRetryDelay
        }
    }
    /// Kill and fail a try running longer than this.
    public func executionTimeout(_ timeout: TimeSpan) -> Self { with { $0.options.executionTimeout = timeout } }
    /// When the task may run, from its direct upstream states.
    public func triggerRule(_ rule: TriggerRule) -> Self { with { $0.options.triggerRule = rule } }
    /// The pool whose slots the task takes, and how many.
    public func pool(_ name: String, slots: Int = 1) -> Self {
        with {
            $0.options.pool = name
            $0.options.poolSlots = slots
        }
    }
    /// Own priority weight (higher runs first).
    public func priorityWeight(_ weight: Int) -> Self { with { $0.options.priorityWeight = weight } }
    /// How the effective priority weight is computed.
    public func weightRule(_ rule: WeightRule) -> Self { with { $0.options.weightRule = rule } }
    /// Worker queue.
    public func queue(_ queue: String) -> Self { with { $0.options.queue = queue } }
    /// Run only when the same task succeeded or was skipped in the previous run.
    public func dependsOnPast(_ flag: Bool = true) -> Self { with { $0.options.dependsOnPast = flag } }
    /// Environment variables (values are templates), merged over inherited ones.
    public func env(_ env: [String: String]) -> Self {
        with { $0.options.env = ($0.options.env ?? [:]).merging(env) { _, new in new } }
    }
    /// Working directory of a bash task (a template).
    public func cwd(_ cwd: String) -> Self { with { $0.options.cwd = cwd } }
    /// Documentation shown by `updraft dags show`.
    public func doc(_ doc: String) -> Self { with { $0.options.doc = doc } }
    /// One task instance per item; each sees its item as `{{ item }}` (or `ctx.item`).
    public func expand(items: [JSONValue]) -> Self { with { $0.expand = .items(items) } }
    /// One task instance per item, over strings.
    public func expand(items: [String]) -> Self { expand(items: items.map(JSONValue.string)) }
    /// One task instance per element of the list `task` returns (its XCom); `task` becomes
    /// an upstream of this one.
    public func expand(overResultOf task: some TaskDeclaration, key: String? = nil) -> Self {
        with { $0.expand = .xcom(taskId: task.taskId, key: key) }
    }
}
