import Foundation
import UpdraftCore
import UpdraftStore

/// How to run ``StandaloneRuntime``: scheduler, executor and local workers in one process.
public struct StandaloneOptions: Sendable {
    /// The Updraft home: database, logs, scheduler.json.
    public var home: UpdraftHome
    /// The metadata store; nil: the home's SQLite file (``resolvedStore``).
    public var store: StoreLocation?
    /// The folder of YAML DAGs; nil = only ``extraDags``.
    public var dagsFolder: String?
    /// DAGs built in code (the DSL binary's `CodeDagRegistry.dags`).
    public var extraDags: [Dag]
    /// The Swift closures local workers can run (defaults to those of ``extraDags``).
    public var swiftTasks: SwiftTaskRegistry
    /// Workers started in this process (connected over inproc); 0 = none (`updraft scheduler`).
    public var localWorkers: Int
    /// Slots of each local worker.
    public var workerConcurrency: Int
    /// Where the executor's ROUTER binds; the first `inproc://` one is what local workers use.
    /// `tcp://host:0` picks a free port (printed by `start()`).
    public var executorEndpoints: [String]
    /// Where the event bus (PUB) binds; an `inproc://updraft-events` endpoint is added.
    public var eventsEndpoint: String
    /// Print one line per run state change and failed try.
    public var console: Bool
    /// Scheduler settings (console is taken from ``console``).
    public var scheduler: SchedulerConfiguration
    /// The mode written to scheduler.json: `standalone` or `scheduler`.
    public var mode: String
    /// Workers on demand (autoscaler + spawner), the stats endpoint (on a free localhost
    /// port by default) and the Prometheus endpoint (off by default).
    public var services = RuntimeServicesOptions()
    /// CURVE on the executor, event bus and stats sockets' tcp:// and ipc:// endpoints:
    /// by default with the home's keys (``HomeCurveKeys``, made at first start), the
    /// home's client key allowed; `.plaintext` only for `--insecure-plaintext`.
    public var security: RuntimeSecurity = .homeKeys()
    /// Local workers connect to the first tcp:// executor endpoint (as CURVE clients with the
    /// home's client keys, unless security is off) instead of the inproc one: `bench run
    /// --transport tcp` times the hand-off over a real encrypted link.
    public var localWorkersOverTCP = false
    /// The `updraft` binary, to start a ``ProcessGroupGuardian`` for the in-process workers'
    /// tasks; nil: none (their tasks then outlive a SIGKILL of this process).
    public var guardianExecutable: String?

    /// On a store several schedulers share (PostgreSQL, ``SchedulerLeasing``): the term of
    /// the scheduler lease. The active scheduler renews it every fifth of it; a standby takes
    /// over at most a term (plus a fifth) after the active one died. 2.5 s: half the
    /// executor's worker heartbeat timeout (5 s), so the new active scheduler answers the
    /// workers failing over (``WorkerConfiguration/otherEndpoints``) before they must kill
    /// the tries they kept; it then adopts them.
    public var leaseTTL: Duration = .milliseconds(2500)
    /// Called once when this process lost the scheduler lease (another scheduler is active
    /// now; ``LeaseKeeper``): `updraft scheduler` exits at once. nil: the runtime stops at once.
    public var onLeaseLost: (@Sendable (String) -> Void)?
    /// Where the lease's lines go (standing by, acquired); nil: the logger, at notice level.
    public var announceLease: (@Sendable (String) -> Void)?

    /// The metadata store: ``store``, else the home's `updraft.db`.
    public var resolvedStore: StoreLocation { store ?? .sqlite(path: home.databasePath) }

    /// Options with the defaults of `updraft standalone`.
    public init(
        home: UpdraftHome, dagsFolder: String? = nil, extraDags: [Dag] = [], swiftTasks: SwiftTaskRegistry? = nil,
        localWorkers: Int = 1, workerConcurrency: Int = 16,
        executorEndpoints: [String] = ["inproc://updraft-executor", "tcp://127.0.0.1:0"],
        eventsEndpoint: String = "tcp://127.0.0.1:0", console: Bool = false,
        scheduler: SchedulerConfiguration = SchedulerConfiguration(), mode: String = "standalone"
    ) {
        self.home = home
        self.dagsFolder = dagsFolder
        self.extraDags = extraDags
        self.swiftTasks = swiftTasks ?? SwiftTaskRegistry.from(dags: extraDags)
        self.localWorkers = localWorkers
        self.workerConcurrency = workerConcurrency
        self.executorEndpoints = executorEndpoints
        self.eventsEndpoint = eventsEndpoint
        self.console = console
        self.scheduler = scheduler
        self.mode = mode
    }
}

/// What a started ``StandaloneRuntime`` serves.
public struct StandaloneEndpoints: Sendable, Hashable {
    /// The executor's bound endpoints (real ports), for `updraft worker --connect`.
    public var executor: [String]
    /// The event bus's bound endpoints (real ports), for subscribers.
    public var events: [String]
    /// The metadata store: the SQLite file's path, or the PostgreSQL URL with its password masked.
    public var databasePath: String
    /// Where task logs go.
    public var logsFolder: String
    /// The stats / Prometheus endpoints and the endpoint spawned workers use.
    public var services = RuntimeServiceEndpoints()

    /// The first tcp:// executor endpoint, if any (what a remote worker connects to).
    public var executorTCP: String? { executor.first { $0.hasPrefix("tcp://") } }
    /// The first tcp:// event endpoint, if any.
    public var eventsTCP: String? { events.first { $0.hasPrefix("tcp://") } }
}
