/// One task of a DAG, with every option resolved (defaults applied).
///
/// `taskId` includes the group prefix (`load.a` for task `a` in group `load`);
/// `upstreamIds` are task ids only (edges to a group were resolved to its tasks).
public struct TaskSpec: Sendable, Hashable, Identifiable {
    /// Unique id within the DAG, with group prefix.
    public var taskId: String
    /// What the task does.
    public var kind: TaskKind
    /// Direct upstream task ids, in the order written, without duplicates.
    public var upstreamIds: [String]
    /// Id of the innermost task group holding the task; nil at the top level.
    public var groupId: String?
    /// Owner shown in listings.
    public var owner: String
    /// Extra tries after the first failure.
    public var retries: Int
    /// Wait before a retry.
    public var retryDelay: TimeSpan
    /// Double the delay after each retry, with jitter.
    public var retryExponentialBackoff: Bool
    /// Upper bound on the retry delay.
    public var maxRetryDelay: TimeSpan?
    /// Kill and fail a try that runs longer than this.
    public var executionTimeout: TimeSpan?
    /// When the task may run, given its direct upstream states.
    public var triggerRule: TriggerRule
    /// Pool whose slots the task takes.
    public var pool: String
    /// Slots of the pool one instance takes.
    public var poolSlots: Int
    /// Own priority weight (see ``Dag/effectivePriorityWeights()``).
    public var priorityWeight: Int
    /// How the effective weight is computed.
    public var weightRule: WeightRule
    /// Worker queue.
    public var queue: String
    /// Run only when the same task succeeded or was skipped in the previous DAG run.
    public var dependsOnPast: Bool
    /// Environment variables (values are templates).
    public var env: [String: String]
    /// Connections whose URI the try gets in its environment as `UPDRAFT_CONN_<ID>`.
    public var connections: [String]
    /// Working directory of bash tasks (a template).
    public var cwd: String?
    /// Documentation.
    public var doc: String?
    /// Dynamic task mapping, if the task is mapped.
    public var expand: TaskExpansion?
    /// Notifiers per callback event (``CallbackDecision`` says which event fires).
    public var callbacks: Callbacks

    /// `TaskSpec` conforms to `Identifiable` by task id.
    public var id: String { taskId }

    /// Airflow's defaults: owner `updraft`, retries 0, retry_delay 5m, pool `default_pool`,
    /// pool_slots 1, priority_weight 1, weight_rule downstream, queue `default`.
    public static let builtinDefaults: TaskDefaults = {
        var d = TaskDefaults()
        d.owner = "updraft"
        d.retries = 0
        d.retryDelay = TimeSpan(seconds: 300)
        d.retryExponentialBackoff = false
        d.triggerRule = .allSuccess
        d.pool = "default_pool"
        d.poolSlots = 1
        d.priorityWeight = 1
        d.weightRule = .downstream
        d.queue = "default"
        d.dependsOnPast = false
        d.env = [:]
        return d
    }()

    /// A task whose options come from `options` (already layered: DAG defaults, group
    /// defaults, the task's own), with ``builtinDefaults`` for whatever is still unset.
    public init(
        taskId: String, kind: TaskKind, upstreamIds: [String] = [], groupId: String? = nil,
        options: TaskDefaults = TaskDefaults(), expand: TaskExpansion? = nil
    ) {
        let o = Self.builtinDefaults.overlaid(with: options)
        self.taskId = taskId
        self.kind = kind
        var seen = Set<String>()
        self.upstreamIds = upstreamIds.filter { seen.insert($0).inserted }
        self.groupId = groupId
        self.owner = o.owner ?? "updraft"
        self.retries = o.retries ?? 0
        self.retryDelay = o.retryDelay ?? TimeSpan(seconds: 300)
        self.retryExponentialBackoff = o.retryExponentialBackoff ?? false
        self.maxRetryDelay = o.maxRetryDelay
        self.executionTimeout = o.executionTimeout
        self.triggerRule = o.triggerRule ?? .allSuccess
        self.pool = o.pool ?? "default_pool"
        self.poolSlots = o.poolSlots ?? 1
        self.priorityWeight = o.priorityWeight ?? 1
        self.weightRule = o.weightRule ?? .downstream
        self.queue = o.queue ?? "default"
        self.dependsOnPast = o.dependsOnPast ?? false
        self.env = o.env ?? [:]
        self.connections = o.connections ?? []
        self.cwd = o.cwd
        self.doc = o.doc
        self.expand = expand
        self.callbacks = o.callbacks ?? Callbacks()
    }

    /// True when the task is mapped (`expand` is set).
    public var isMapped: Bool { expand != nil }
}
