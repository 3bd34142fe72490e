/// Task options that a DAG's or a task group's `default_args` set for the tasks below it.
///
/// Every field is optional: nil means "not set here". Layers combine with
/// ``overlaid(with:)`` (inner layer wins): DAG defaults, then each enclosing group's, then
/// the task's own options; ``TaskSpec/init(taskId:kind:upstreamIds:options:)`` fills what is
/// still nil with Airflow's defaults.
public struct TaskDefaults: Sendable, Hashable {
    /// Owner shown in listings (default `updraft`).
    public var owner: String?
    /// Extra tries after the first failure (default 0).
    public var retries: Int?
    /// Wait before a retry (default 5m).
    public var retryDelay: TimeSpan?
    /// Double the delay after each retry, with jitter (default false).
    public var retryExponentialBackoff: Bool?
    /// Upper bound on the retry delay.
    public var maxRetryDelay: TimeSpan?
    /// Kill and fail a try that runs longer than this.
    public var executionTimeout: TimeSpan?
    /// When the task may run (default all_success).
    public var triggerRule: TriggerRule?
    /// Pool whose slots the task takes (default `default_pool`).
    public var pool: String?
    /// Slots of the pool one instance takes (default 1).
    public var poolSlots: Int?
    /// Own priority weight (default 1).
    public var priorityWeight: Int?
    /// How the effective weight is computed (default downstream).
    public var weightRule: WeightRule?
    /// Worker queue (default `default`).
    public var queue: String?
    /// Run only when the same task succeeded (or was skipped) in the previous run (default false).
    public var dependsOnPast: Bool?
    /// Environment variables; layers merge key by key, inner wins.
    public var env: [String: String]?
    /// Connections whose URI the try gets as `UPDRAFT_CONN_<ID>`; an inner layer replaces
    /// the list.
    public var connections: [String]?
    /// Working directory of bash tasks.
    public var cwd: String?
    /// Documentation shown in `updraft dags show`.
    public var doc: String?
    /// `on_failure_callback`, `on_success_callback`, `on_retry_callback`,
    /// `on_skipped_callback`; layers combine per event (an inner list replaces the outer one).
    public var callbacks: Callbacks?

    /// Empty defaults: nothing set.
    public init() {}

    /// These defaults with every field that `inner` sets replaced by `inner`'s value
    /// (`env` merges key by key).
    public func overlaid(with inner: TaskDefaults) -> TaskDefaults {
        var out = self
        out.owner = inner.owner ?? owner
        out.retries = inner.retries ?? retries
        out.retryDelay = inner.retryDelay ?? retryDelay
        out.retryExponentialBackoff = inner.retryExponentialBackoff ?? retryExponentialBackoff
        out.maxRetryDelay = inner.maxRetryDelay ?? maxRetryDelay
        out.executionTimeout = inner.executionTimeout ?? executionTimeout
        out.triggerRule = inner.triggerRule ?? triggerRule
        out.pool = inner.pool ?? pool
        out.poolSlots = inner.poolSlots ?? poolSlots
        out.priorityWeight = inner.priorityWeight ?? priorityWeight
        out.weightRule = inner.weightRule ?? weightRule
        out.queue = inner.queue ?? queue
        out.dependsOnPast = inner.dependsOnPast ?? dependsOnPast
        if let innerEnv = inner.env { out.env = (env ?? [:]).merging(innerEnv) { _, new in new } }
        out.connections = inner.connections ?? connections
        out.cwd = inner.cwd ?? cwd
        out.doc = inner.doc ?? doc
        if let innerCallbacks = inner.callbacks { out.callbacks = (callbacks ?? Callbacks()).overlaid(with: innerCallbacks) }
        return out
    }
}
