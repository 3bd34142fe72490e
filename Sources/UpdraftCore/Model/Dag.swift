import Foundation

/// A validated-shape DAG: its run settings and its tasks, with group prefixes and group
/// edges already resolved. Built from a YAML file by ``DagFileParser`` or by the Swift DSL;
/// check it with ``validate()``.
public struct Dag: Sendable, Hashable, Identifiable {
    /// Unique id across the DAG folder.
    public var dagId: String
    /// One-line description.
    public var description: String?
    /// When the DAG runs (cron, preset, interval, `@once`, `@continuous`); `.none` = only
    /// triggered by hand (the default).
    public var schedule: Schedule
    /// First logical date to schedule; nil = no runs are scheduled before it is set.
    public var startDate: Date?
    /// Last logical date to schedule; nil = no end.
    public var endDate: Date?
    /// Time zone of the schedule and of naive dates (default UTC).
    public var timezone: TimeZone
    /// Create the runs missed since `startDate` (default false, as in Airflow 3).
    public var catchup: Bool
    /// Most runs of this DAG active at once (default 16).
    public var maxActiveRuns: Int
    /// Most task instances of this DAG running at once, over all its runs (default 16).
    public var maxActiveTasks: Int
    /// Params visible to templates as `params.<name>`; a triggered run's conf overrides them.
    public var params: [String: JSONValue]
    /// Tags for filtering listings.
    public var tags: [String]
    /// The DAG's `default_args`, already applied to its tasks; kept for display.
    public var defaultArgs: TaskDefaults
    /// The tasks, in the order written.
    public var tasks: [TaskSpec]
    /// The task groups, outer groups before inner ones.
    public var taskGroups: [TaskGroup]
    /// Path of the file the DAG came from (YAML file, or Swift source for DSL DAGs).
    public var fileLocation: String?
    /// Run-end notifiers: `on_success_callback`, `on_failure_callback` of the DAG.
    public var callbacks = Callbacks()

    /// `Dag` conforms to `Identifiable` by DAG id.
    public var id: String { dagId }

    /// A DAG with Airflow 3's defaults for everything not given.
    public init(
        dagId: String, description: String? = nil, schedule: Schedule = .none,
        startDate: Date? = nil, endDate: Date? = nil, timezone: TimeZone = .utcZone,
        catchup: Bool = false, maxActiveRuns: Int = 16, maxActiveTasks: Int = 16,
        params: [String: JSONValue] = [:], tags: [String] = [], defaultArgs: TaskDefaults = TaskDefaults(),
        tasks: [TaskSpec] = [], taskGroups: [TaskGroup] = [], fileLocation: String? = nil
    ) {
        self.dagId = dagId
        self.description = description
        self.schedule = schedule
        self.startDate = startDate
        self.endDate = endDate
        self.timezone = timezone
        self.catchup = catchup
        self.maxActiveRuns = maxActiveRuns
        self.maxActiveTasks = maxActiveTasks
        self.params = params
        self.tags = tags
        self.defaultArgs = defaultArgs
        self.tasks = tasks
        self.taskGroups = taskGroups
        self.fileLocation = fileLocation
    }

    /// The task with id `taskId`, if any (linear search; use ``taskIndex`` for many lookups).
    public func task(_ taskId: String) -> TaskSpec? { tasks.first { $0.taskId == taskId } }

    /// Position of each task in ``tasks`` by task id (the first one wins on duplicates).
    public var taskIndex: [String: Int] {
        var index = [String: Int](minimumCapacity: tasks.count)
        for (i, t) in tasks.enumerated() where index[t.taskId] == nil { index[t.taskId] = i }
        return index
    }

    /// Direct downstream task ids of every task (each list in task order).
    public var downstreamIds: [String: [String]] {
        var out = [String: [String]](minimumCapacity: tasks.count)
        for t in tasks {
            if out[t.taskId] == nil { out[t.taskId] = [] }
            for up in t.upstreamIds { out[up, default: []].append(t.taskId) }
        }
        return out
    }

    /// Tasks with no upstream tasks.
    public var rootTaskIds: [String] { tasks.filter { $0.upstreamIds.isEmpty }.map(\.taskId) }
}

extension TimeZone {
    /// UTC, the default DAG time zone.
    public static let utcZone = TimeZone(identifier: "UTC")!
}
