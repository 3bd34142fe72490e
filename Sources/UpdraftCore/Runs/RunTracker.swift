import Foundation

/// The run planner: what one DAG run does next. A pure value (no clock, disk or socket):
/// the scheduler feeds it events with the current time and persists what it returns.
///
/// ```swift
/// var run = RunTracker(dag: dag, dagId: dag.dagId, runId: runId, instances: storedViews)
/// var d = run.evaluate(now: now)           // creates instances, schedules the roots
/// persist(d.changed, d.runState); dispatch(d.toSchedule)
/// run.markQueued(d.toSchedule)
/// run.started(id, tryNumber: 1, at: now)   // a worker reported running
/// d = run.finished(id, state: .success, now: now)  // evaluates only id's downstream
/// d = run.wake(now: d.nextWakeup!)         // retry timer: schedules the due retries
/// ```
///
/// Every step returns ``RunDecisions``: persist ``RunDecisions/changed`` before acting on
/// ``RunDecisions/toSchedule`` (DESIGN: a state is durable before anything depends on it).
///
/// Semantics follow Airflow: trigger rules through ``TriggerRuleEvaluator`` (skips and
/// upstream failures cascade at once), retries with ``RetryPolicy``, branch skips
/// (BranchMixin.skip_all_except), dynamic task mapping, depends_on_past, removed tasks,
/// and `DagRun.update_state` for the run's state (including "deadlock → failed" when
/// nothing can progress and no waiting task depends on the past).
///
/// Keep trackers in place (e.g. `trackers[runId]?.finished(...)` on a dictionary in the
/// scheduler actor): copying a tracker out, mutating the copy and storing it back makes every
/// step copy the whole run's arrays (copy-on-write), which turns O(downstream) into O(run).
///
/// Cost: ``evaluate(now:)`` is O(instances + edges); every other event is O(the
/// downstream it touches): per-task upstream counts are kept incrementally, so a
/// 10,000-task fan-out or fan-in costs O(1) per finished instance.
public struct RunTracker: Sendable {
    /// The DAG id of the run.
    public let dagId: String
    /// The run id.
    public let runId: String
    /// Mapped tasks whose upstream list is longer than this fail instead of expanding
    /// (Airflow's `[core] max_map_length`, default 1024).
    public var maxMapLength: Int = 1024

    let graph: RunPlan
    /// Every instance known, by slot number (never removed, so slot numbers are stable).
    var slots: [TaskInstanceView] = []
    var slotByID: [TaskInstanceID: Int] = [:]
    /// Task index of each slot; nil when its task is no longer in the DAG.
    var slotTask: [Int?] = []
    /// Whether the slot counts for its downstream and the run's state (false for instances
    /// of removed tasks, stale map indexes of unmapped tasks, and superseded placeholders).
    var counted: [Bool] = []
    /// Slots of each task.
    var taskSlots: [[Int]]
    /// Per mapped task not yet expanded: the slot of its placeholder (map index -1).
    var placeholder: [Int?]
    /// Upstream instance counts of each task, kept up to date on every state change.
    var upstreamCounts: [UpstreamStates]
    /// Counted instances in state `none`, per task.
    var waiting: [Int]
    /// Known list lengths for mapped tasks, by task index.
    var mapLength: [Int: Int] = [:]
    var previousRunStates: [String: TaskInstanceState]
    /// Counted instances not finished / in a state other than none and not finished /
    /// of leaf tasks in failed or upstream_failed.
    var unfinished = 0, active = 0, leafFailures = 0
    var retryQueue = RetryQueue()
    var currentRunState: DagRunState
    var evaluatedOnce = false

    // Accumulated during one step, emptied by `flush`.
    var dirty = Set<Int>()
    var readied: [Int] = []
    var awaiting = Set<Int>()
    var problems: [String] = []
    var evalQueue = MinHeap([])
    var queued: [Bool]
    /// Units of work done (instances evaluated, downstream counts touched): lets tests check
    /// that event handling stays proportional to the downstream, not to the run's size.
    var workCount = 0

    /// A tracker for run `runId` of `dag`, from the instances stored so far (any order; empty
    /// for a new run).
    ///
    /// - Parameters:
    ///   - previousRunStates: task_id → state of that task in the previous run, for
    ///     `depends_on_past` (Airflow: must be success or skipped). A missing task (or an empty
    ///     map: first run) passes. Update it with ``updatePreviousRunStates(_:now:)``.
    ///   - mapLengths: known upstream list lengths of mapped tasks, by mapped task id (after a
    ///     restart). Literal `expand` lists need none.
    ///   - runState: the run's stored state; `queued` (default) for a run being started, so
    ///     the first step reports `running`.
    ///
    /// Nothing is decided here: call ``evaluate(now:)`` next; it reports the instances
    /// created or fixed here (missing tasks, removed tasks, restored tasks).
    public init(
        dag: Dag, dagId: String, runId: String, instances: [TaskInstanceView],
        previousRunStates: [String: TaskInstanceState] = [:], mapLengths: [String: Int] = [:],
        runState: DagRunState = .queued
    ) {
        self.init(
            plan: RunPlan(dag), dagId: dagId, runId: runId, instances: instances,
            previousRunStates: previousRunStates, mapLengths: mapLengths, runState: runState)
    }

    /// A tracker from a ``RunPlan`` built once for the DAG (cheaper than ``init(dag:dagId:runId:instances:previousRunStates:mapLengths:runState:)``
    /// when many runs of one DAG are tracked); the DAG id is the plan's.
    public init(
        plan: RunPlan, runId: String, instances: [TaskInstanceView],
        previousRunStates: [String: TaskInstanceState] = [:], mapLengths: [String: Int] = [:],
        runState: DagRunState = .queued
    ) {
        self.init(
            plan: plan, dagId: plan.dagId, runId: runId, instances: instances,
            previousRunStates: previousRunStates, mapLengths: mapLengths, runState: runState)
    }

    private init(
        plan: RunPlan, dagId: String, runId: String, instances: [TaskInstanceView],
        previousRunStates: [String: TaskInstanceState], mapLengths: [String: Int], runState: DagRunState
    ) {
        self.dagId = dagId
        self.runId = runId
        self.graph = plan
        let n = graph.tasks.count
        self.taskSlots = Array(repeating: [], count: n)
        self.placeholder = Array(repeating: nil, count: n)
        self.upstreamCounts = Array(repeating: UpstreamStates(total: 0), count: n)
        self.waiting = Array(repeating: 0, count: n)
        self.queued = Array(repeating: false, count: n)
        self.previousRunStates = previousRunStates
        self.currentRunState = runState
        for (t, task) in graph.tasks.enumerated() {
            if case .items(let items) = task.expand { mapLength[t] = items.count }
            if let n = mapLengths[task.taskId] { mapLength[t] = n }
        }
        adopt(instances)
    }

    /// Every instance, in the order first seen (stored ones, then created ones).
    public var instances: [TaskInstanceView] { slots }

    /// The instances that make up the run: without placeholders superseded by their map
    /// indexes and without instances of tasks no longer in the DAG (what `dags test` prints).
    public var liveInstances: [TaskInstanceView] {
        slots.indices.filter { counted[$0] }.map { slots[$0] }
    }

    /// The run's state after the last step (`queued` until the first step when created so).
    public var runState: DagRunState { currentRunState }

    /// The instance with this id, if known.
    public func instance(_ id: TaskInstanceID) -> TaskInstanceView? {
        slotByID[id].map { slots[$0] }
    }

    /// The effective priority weight of a task (after its weight rule), if it is in the DAG.
    public func priorityWeight(of taskId: String) -> Int? {
        graph.index[taskId].map { graph.weight[$0] }
    }

    /// What ``SlotAllocator`` needs to know about an instance: its task's pool, pool slots,
    /// effective priority weight, and its topological position as the tie-break. Nil for an
    /// instance not in the DAG.
    public func slotCandidate(for id: TaskInstanceID, logicalDate: Date? = nil) -> SlotAllocator.Candidate? {
        guard let t = graph.index[id.taskId] else { return nil }
        let task = graph.tasks[t]
        return SlotAllocator.Candidate(
            id: id, pool: task.pool, poolSlots: task.poolSlots, priority: graph.weight[t],
            order: graph.position[t], logicalDate: logicalDate)
    }
}
