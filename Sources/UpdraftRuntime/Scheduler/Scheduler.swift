import Foundation
import Logging
import UpdraftCore
import UpdraftStore

/// The scheduler: creates DAG runs (schedule, triggers), decides what runs next with a
/// `RunTracker` per active run, persists every state change, and hands ready task
/// instances to the executor.
///
/// ## One loop, one commit per step
/// Everything that changes state arrives as a ``SchedulerInput`` (executor events, timers,
/// the store's external change token, triggers, DAG re-parses) on one queue. The loop
/// drains the queue and handles the whole batch in one *step*: it updates the planners,
/// collects every row change in one `StoreBatch`, **commits it**, then submits the new tries
/// to the executor, then publishes the state change events. So a task's success is
/// durable before its downstream is dispatched (DESIGN.md invariants), and a burst of
/// finished tasks costs one transaction (group commit). Steps never overlap.
///
/// Try numbers: the scheduler increments `try_number` when it queues a try (the row says
/// `queued, try N` before try N is handed to the executor), so a queued row always names
/// the try that may be running somewhere.
///
/// ## Recovery after a crash (SIGKILL)
/// At start the active runs and their instances are read back (Scheduler+Recovery.swift).
/// Instances found in flight (`queued`, `running`) are not re-dispatched at once: they keep
/// their pool slots and wait until every worker the store lists as connected (a join is
/// stored before any try goes to the worker) has re-registered and sent its first heartbeat,
/// at most ``SchedulerConfiguration/recoveryGrace`` (2 × the worker heartbeat timeout). Then
/// ``RecoveryDecision`` decides per instance: a key a worker reports running stays running
/// (its `finished` event will come); a `queued` one is submitted again with the same try
/// number (it never started: no worker reports it); a `running` one is failed with "lost
/// during scheduler restart" and goes through its retry policy. Events for those keys that
/// arrive meanwhile are applied as usual. So no task instance is lost, and none runs twice
/// at once (a try that still runs is never re-submitted).
///
/// ## Other decisions
/// - A task in a pool the store does not know takes slots of `default_pool` (one warning
///   per pool), so `dags test` and fresh homes run it (Airflow would leave it scheduled forever).
/// - A paused DAG gets no scheduled runs and its queued runs do not start; running runs finish.
/// - A re-parsed DAG applies to runs started afterwards; active runs keep their version.
/// - `empty` tasks complete in the scheduler without a worker; sensor tasks run in the
///   scheduler's ``SensorRuntime`` (Scheduler+Sensors.swift), never in a worker or pool slot.
/// - Task logs: a try's file (`home.logFile(for:tryNumber:)`) gets a header line (worker,
///   host, pid), the task's output, and a footer (state, duration, error). A try that
///   succeeds (or is skipped) without printing anything gets no file: creating a folder and
///   a file per try was half the CPU of a 10,000-task fan-out; its worker, host, pid and
///   times are in its task-instance row.
public actor Scheduler {
    let store: any MetaStore
    let executor: any WorkDispatching
    let dagProvider: DagProvider
    let home: UpdraftHome
    let events: EventPublisher
    let configuration: SchedulerConfiguration
    let logger: Logger
    let logs: TaskLogWriter
    let inputs = SchedulerInputQueue()
    let builder: DispatchBuilder
    let console: ConsoleReporter?
    /// Delivers callbacks (``NotifierDispatcher``), started by ``run()``.
    public nonisolated let notifier: NotifierDispatcher

    /// Current DAG versions by id.
    var plans: [String: DagPlan] = [:]
    /// Paused DAG ids.
    var paused: Set<String> = []
    /// Runs being driven (queued or running), by key.
    var runs: [RunKey: ActiveRun] = [:]
    /// The data interval of each DAG's latest scheduled run (nil entry: none yet).
    var lastScheduled: [String: DataInterval?] = [:]
    /// Scheduled task instances waiting for a slot.
    var ready = ReadyQueue()
    /// Pool sizes from the store and the slots queued/running instances hold (``PoolLedger``).
    var ledger = PoolLedger()
    var warnedPools: Set<String> = []
    /// Variables for templates (refreshed when the change token moves).
    var variables: [String: String] = [:] {
        didSet { secretMasker = Self.masker(variables: variables, sensitiveKeys: sensitiveVariableKeys, connections: connections) }
    }
    /// Keys of the variables marked sensitive in the store (set before ``variables``).
    var sensitiveVariableKeys: Set<String> = []
    /// Connections for templates and `connections:` (environment over store; refreshed
    /// with the variables).
    var connections: [String: Connection] = [:] {
        didSet { secretMasker = Self.masker(variables: variables, sensitiveKeys: sensitiveVariableKeys, connections: connections) }
    }
    /// Connection load problems already logged (logged once each).
    var loggedConnectionProblems: Set<String> = []
    /// Masks secret values in what tries print and report: values of variables marked
    /// sensitive or with a secret-looking name (Airflow's rule), connection passwords and secret extras.
    var secretMasker = SecretMasker(secrets: [])
    /// Per try in flight: the masker of its log stream (a secret split across chunks).
    var logMaskers: [TaskInstanceID: StreamMasker] = [:]
    /// Instances found in flight at start waiting for their workers' reports, and the
    /// recovery grace they wait in (``RecoveryPhase``; Scheduler+Recovery.swift).
    var recovery: RecoveryPhase
    /// Whether the store answers commits (what the scheduler said about it, retry delays).
    var storeOutage = StoreOutage()
    /// Callers of ``waitForRun(dagId:runId:)``.
    var runWaiters: [RunKey: [CheckedContinuation<DagRunState, any Error>]] = [:]
    /// The next timer wake-up and the task sleeping until it.
    var timerDeadline: Date?
    var timerTask: Task<Void, Never>?
    var externalToken: Int64 = 0
    /// Running tries that have printed nothing yet: their log header is not written yet
    /// (the row as it was when the try started).
    var pendingLogHeaders: [TaskInstanceID: TaskInstanceRecord] = [:]
    /// Set when runs were added or finished: queued runs may start.
    var runsChanged = false
    /// Ready `empty` tasks, completed in the scheduler.
    var emptyReady: [TaskInstanceID] = []
    /// Ready sensor instances, started in the scheduler (Scheduler+Sensors.swift).
    var sensorReady: [TaskInstanceID] = []
    /// Sensor tries to hand to ``sensors`` after the step's commit.
    var sensorStarts: [SensorWork] = []
    /// Runs sensor tries (pokes, external-task subscriptions); its events come back as inputs.
    lazy var sensors = SensorRuntime(store: store, events: events, logger: logger, clientKeys: configuration.curveClientKeys, clock: configuration.clock, emit: { [inputs] in inputs.push(.sensor($0)) })
    /// Active runs of DAGs that are not loaded (warned once each).
    var unknownDagRuns: Set<RunKey> = []
    /// When each scheduled DAG's next run is due (nil entry: compute on the next timer).
    var nextScheduledAt: [String: Date] = [:]
    var stopped = false
    var started = false
    var prepared = false

    /// A scheduler over `store` and `executor`, with the DAGs of `dags`.
    ///
    /// - Parameters:
    ///   - home: where task logs go (`home.logFile(for:tryNumber:)`) and what retention cleans.
    ///   - events: the event bus every committed state change is published on.
    public init(
        store: any MetaStore, executor: any WorkDispatching, dags: DagProvider, home: UpdraftHome,
        events: EventPublisher, configuration: SchedulerConfiguration = SchedulerConfiguration(), logger: Logger
    ) {
        self.store = store
        self.executor = executor
        self.dagProvider = dags
        self.home = home
        self.events = events
        self.configuration = configuration
        self.logger = logger
        self.logs = TaskLogWriter(onError: { [logger] message in logger.warning("\(message)") })
        self.builder = DispatchBuilder(maxInlineXComBytes: configuration.maxInlineXComBytes)
        self.console = configuration.console ? ConsoleReporter() : nil
        var notifications = configuration.notifications
        if notifications.environment["UPDRAFT_HOME"] == nil { notifications.environment["UPDRAFT_HOME"] = home.root.path }
        self.notifier = NotifierDispatcher(settings: notifications, logger: logger)
        recovery = RecoveryPhase(cap: configuration.recoveryGrace.seconds, previousStopWasClean: configuration.previousStopWasClean)
    }

    /// Loads the DAGs, recovers the active runs from the store, then runs until ``stop()``.
    ///
    /// - Throws: when the DAG folder is missing, the store cannot be read at start, or a
    ///   commit keeps failing (then nothing more is dispatched: the state on disk stays the truth).
    public func run() async throws {
        guard !started else { throw SchedulerError("Scheduler.run() called twice") }
        started = true
        if !prepared { try await prepare() }
        let notifier = self.notifier
        // Low priority: deliveries yield the shared cooperative threads to the hand-off path.
        let delivering = Task(priority: .background) { await notifier.run() }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                let executor = self.executor
                let inputs = self.inputs
                group.addTask {
                    for await event in executor.events { inputs.push(.executor(event)) }
                }
                group.addTask { await self.pollExternalChanges() }
                group.addTask { await self.pollDagFolder() }
                group.addTask { await self.retentionLoop() }
                // The loop: one step per wake-up, draining everything queued.
                for await _ in inputs.wakeups {
                    let batch = inputs.drain()
                    if !batch.isEmpty { try await step(batch) }
                    if stopped { break }
                }
                group.cancelAll()
            }
        } catch {
            notifier.finish()
            delivering.cancel()
            throw error
        }
        timerTask?.cancel()
        await sensors.stop()
        await logs.closeAll()
        for (_, waiters) in runWaiters {
            for w in waiters { w.resume(throwing: SchedulerError("the scheduler stopped before the run finished")) }
        }
        runWaiters = [:]
        await Self.drain(notifier, delivering, within: configuration.notifications.drainTimeout)
    }

    /// Loads the DAGs and the store's pools, variables and change token, so that
    /// ``trigger(dagId:conf:logicalDate:runType:)`` knows the DAGs before ``run()`` starts.
    /// ``run()`` calls it when it was not called.
    ///
    /// - Throws: `DagFolderError` for a missing DAG folder; the store's errors.
    public func prepare() async throws {
        guard !prepared else { return }
        try await startUp()
        prepared = true
    }

    /// Ends ``run()`` after the step in progress. Tries already handed to the executor are
    /// not touched (stop the executor/workers for that); queued rows stay queued in the store.
    public func stop() {
        stopped = true
        inputs.finish()
    }

    /// Creates a DAG run of `dagId` (state queued) and starts it when `max_active_runs`
    /// allows. `logicalDate` defaults to now; the data interval is inferred from the DAG's
    /// schedule as Airflow does for manual runs; `conf` overrides the DAG's params.
    ///
    /// - Throws: ``SchedulerError`` for an unknown DAG; ``StoreError`` `duplicateRun` when
    ///   the DAG already has a run at that logical date.
    public func trigger(
        dagId: String, conf: [String: JSONValue] = [:], logicalDate: Date? = nil, runType: DagRunType = .manual
    ) async throws -> DagRunRecord {
        guard let plan = plans[dagId] else { throw SchedulerError.unknownDag(dagId, known: Array(plans.keys)) }
        let now = configuration.clock.date
        let info = plan.timetable.manualRun(logicalDate: logicalDate ?? now)
        let record = DagRunRecord(
            dagId: dagId, runId: runType.runId(logicalDate: info.logicalDate), logicalDate: info.logicalDate,
            dataIntervalStart: info.dataInterval.start, dataIntervalEnd: info.dataInterval.end,
            state: .queued, runType: runType, conf: conf, queuedAt: now)
        try await store.createDagRun(record)
        inputs.push(.runCreated(record))
        return record
    }

    /// Waits until the run ends and returns its final state (at once when it already has).
    ///
    /// - Throws: ``SchedulerError`` when there is no such run, or the scheduler stops first.
    public func waitForRun(dagId: String, runId: String) async throws -> DagRunState {
        let key = RunKey(dagId, runId)
        if runs[key] == nil {
            guard let record = try await store.dagRun(dagId: dagId, runId: runId) else {
                throw SchedulerError("no run '\(runId)' of DAG '\(dagId)'")
            }
            if record.state.isFinished, runs[key] == nil { return record.state }
        }
        guard !stopped else { throw SchedulerError("the scheduler is stopped") }
        return try await withCheckedThrowingContinuation { continuation in
            runWaiters[key, default: []].append(continuation)
        }
    }

    /// Closes the notifier's queue; the deliveries left get `limit`, then are cancelled.
    nonisolated static func drain(_ notifier: NotifierDispatcher, _ delivering: Task<Void, Never>, within limit: Duration) async {
        notifier.finish()
        // Unstructured: the drain's deadline, cancelled once the deliveries end.
        let canceller = Task {
            try? await Task.sleep(for: limit)
            delivering.cancel()
        }
        await delivering.value
        canceller.cancel()
    }

    /// Waits until the notifications queued so far are delivered or given up on (at most
    /// `limit`): `dags test`, benchmarks and tests call it before reading what was sent.
    public func waitForNotifications(limit: Duration = .seconds(30)) async {
        let deadline = ContinuousClock.now + limit
        while notifier.counters.snapshot.pending > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Ids of the DAGs loaded now.
    public var dagIds: [String] { plans.keys.sorted() }

    /// The record of an active run (nil when it is not active in this scheduler).
    public func activeRun(dagId: String, runId: String) -> DagRunRecord? {
        runs[RunKey(dagId, runId)]?.record
    }
}

extension Scheduler {
    /// Waits until every task log line queued so far is written (tests, shutdown).
    public func flushLogs() async { await logs.flush() }
}
