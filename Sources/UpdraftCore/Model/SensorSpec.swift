/// A sensor task: what it waits for and how it pokes (Airflow's `BaseSensorOperator`).
public struct SensorSpec: Sendable, Hashable {
    /// What the sensor checks.
    public var kind: SensorKind
    /// Time between pokes (default 60 s).
    public var pokeInterval: TimeSpan
    /// Give up after this long, counted from the first poke (default 7 days).
    public var timeout: TimeSpan
    /// Grow the interval between pokes exponentially (default false).
    public var exponentialBackoff: Bool
    /// Upper bound on the interval when backing off exponentially.
    public var maxWait: TimeSpan?
    /// On timeout, mark the task `skipped` instead of `failed` (default false).
    public var softFail: Bool

    /// Default poke interval: 60 s.
    public static let defaultPokeInterval = TimeSpan(seconds: 60)
    /// Default timeout: 7 days (Airflow's `[sensors] default_timeout`).
    public static let defaultTimeout = TimeSpan(seconds: 604_800)

    /// A sensor with Airflow's defaults for everything not given.
    public init(
        kind: SensorKind, pokeInterval: TimeSpan = SensorSpec.defaultPokeInterval,
        timeout: TimeSpan = SensorSpec.defaultTimeout, exponentialBackoff: Bool = false,
        maxWait: TimeSpan? = nil, softFail: Bool = false
    ) {
        self.kind = kind
        self.pokeInterval = pokeInterval
        self.timeout = timeout
        self.exponentialBackoff = exponentialBackoff
        self.maxWait = maxWait
        self.softFail = softFail
    }
}

/// The condition a sensor waits for.
public enum SensorKind: Sendable, Hashable {
    /// A task, task list, task group or whole run of another DAG (`external_task`).
    case externalTask(ExternalTaskTarget)
    /// A file exists; the path may be a glob (`file`).
    case file(path: String)
    /// The run's data interval end plus `delta` has passed (`time_delta`).
    case timeDelta(TimeSpan)
    /// A shell command exits 0 (`command`).
    case command(String)

    /// The YAML name: `external_task`, `file`, `time_delta`, `command`.
    public var name: String {
        switch self {
        case .externalTask: "external_task"
        case .file: "file"
        case .timeDelta: "time_delta"
        case .command: "command"
        }
    }

    /// Every sensor kind name, for error messages.
    public static let validNames = "external_task, file, time_delta, command"
}

/// What an `external_task` sensor waits for (Airflow's `ExternalTaskSensor`).
///
/// With no task ids and no group it waits for the whole DAG run; then the states are
/// DAG-run states (success, failed, running, queued).
public struct ExternalTaskTarget: Sendable, Hashable {
    /// The other DAG.
    public var externalDagId: String
    /// Tasks that must all reach an allowed state (`external_task_id` is a one-element list).
    public var externalTaskIds: [String]
    /// A task group whose tasks must all reach an allowed state.
    public var externalTaskGroupId: String?
    /// States that count as done (default `[success]`).
    public var allowedStates: [TaskInstanceState]
    /// States that fail the sensor at once (default none).
    public var failedStates: [TaskInstanceState]
    /// States that skip the sensor at once (default none).
    public var skippedStates: [TaskInstanceState]
    /// Look at the other DAG's run at `logical_date - execution_delta` (positive = the past).
    public var executionDelta: TimeSpan?
    /// Fail at once when the other DAG or its tasks do not exist (default false).
    public var checkExistence: Bool
    /// Event endpoint of another Updraft deployment to subscribe to; nil = this one.
    public var endpoint: String?
    /// With ``endpoint``: the public key file of that deployment's scheduler (its
    /// `HOME/curve/scheduler.pub`) when its bus is a CURVE server; nil: a plaintext bus.
    public var serverKey: String?

    /// A target with Airflow's defaults for everything not given.
    public init(
        externalDagId: String, externalTaskIds: [String] = [], externalTaskGroupId: String? = nil,
        allowedStates: [TaskInstanceState] = [.success], failedStates: [TaskInstanceState] = [],
        skippedStates: [TaskInstanceState] = [], executionDelta: TimeSpan? = nil,
        checkExistence: Bool = false, endpoint: String? = nil
    ) {
        self.externalDagId = externalDagId
        self.externalTaskIds = externalTaskIds
        self.externalTaskGroupId = externalTaskGroupId
        self.allowedStates = allowedStates
        self.failedStates = failedStates
        self.skippedStates = skippedStates
        self.executionDelta = executionDelta
        self.checkExistence = checkExistence
        self.endpoint = endpoint
    }
}
