import Foundation
import Logging
import ServiceLifecycle
import UpdraftCore
import UpdraftStore
import UpdraftWire

/// Scheduler, executor and local workers in one process, talking over `inproc://`
/// ZeroMQ on one ``MessageLoop``, with the store of ``StandaloneOptions/resolvedStore``
/// (the home folder's SQLite file unless told otherwise). What
/// `updraft standalone` runs (and, with no local workers, `updraft scheduler`); also
/// `updraft dags test` and `updraft bench run`.
///
/// ```swift
/// let runtime = StandaloneRuntime(options: StandaloneOptions(home: home, dagsFolder: "examples"))
/// let endpoints = try await runtime.start()
/// let run = try await runtime.scheduler!.trigger(dagId: "hello", conf: [:], logicalDate: nil, runType: .manual)
/// let state = try await runtime.scheduler!.waitForRun(dagId: "hello", runId: run.runId)
/// await runtime.stop(graceful: true)
/// ```
///
/// ## Services
/// ``start(alsoServing:)`` starts the parts in dependency order (ZAP handler before any
/// CURVE socket binds; executor and event bus bound before the scheduler prepares; the
/// scheduler prepared before workers connect; autoscaler and stats last), failing before
/// anything runs. Then one swift-service-lifecycle `ServiceGroup` runs them as
/// ``RuntimeService``s, listed in that order: ZAP handler, message loop, event bus,
/// scheduler, autoscaler and stats, local workers, executor, then what the caller adds (the
/// HTTP API), and with CURVE the allow-list poller (``AllowListRefresher``) after the executor.
/// ``stop(graceful:drainTimeout:)`` triggers the group's graceful shutdown, which
/// stops them one at a time in reverse: the API, the executor (its workers drain: running
/// tries finish and report), the local workers, the autoscaler (spawned workers given 5 s),
/// the scheduler (after its last events), the event bus, the loop, the ZAP handler.
public actor StandaloneRuntime {
    /// The options it was made with.
    public let options: StandaloneOptions
    private let logger: Logger
    private var loop: MessageLoop?
    private var executor: WorkerExecutor?
    private var events: EventPublisher?
    private var zap: ZAPHandler?
    /// Keeps the ZAP handler's and the executor's view of the store's allowed keys current (CURVE only).
    private var allowList: AllowListRefresher?
    private var workers: [Worker] = []
    /// Where the socket of locally spawned workers lives (``privateSpawnFolder(for:home:)``).
    private var spawnFolder: PrivateSocketFolder?
    /// The group running every part once ``start(alsoServing:)`` returned, and the task running it.
    private var group: ServiceGroup?
    private var groupTask: Task<Void, Never>?
    /// Graceful or forced, as the services being stopped see it.
    private let stopRequest = StopRequest()
    /// How long a graceful stop waits for the workers' running tries.
    private var drainTimeout: Duration = .seconds(60)
    /// Whether the executor's drain finished (every dispatched try reported).
    private var drained = false
    /// A stop was asked for (the scheduler did not end on its own).
    private var stopAsked = false
    private var finished = false
    /// The scheduler lease, on a store several schedulers share (``LeaseKeeper``).
    private var leaseKeeper: LeaseKeeper?
    /// Autoscaler, stats and Prometheus endpoints (``StandaloneOptions/services``).
    private var services: RuntimeServices?
    /// The autoscaler, when ``StandaloneOptions/services`` asks for one and ``start()`` returned.
    public var autoscaler: Autoscaler? {
        get async { await services?.autoscaler }
    }
    /// The metadata store, once ``start()`` has opened it.
    public private(set) var store: (any ManagedStore)?
    /// The scheduler, once ``start()`` returned.
    public private(set) var scheduler: Scheduler?
    /// Why the scheduler's loop ended, if it ended with an error.
    public private(set) var schedulerError: (any Error)?

    /// A runtime; nothing runs until ``start()``.
    public init(options: StandaloneOptions, logger: Logger = Logger(label: "updraft.standalone")) {
        self.options = options
        self.logger = logger
    }

    /// Opens the store, binds the executor and the event bus, connects the local workers,
    /// loads the DAGs, starts the scheduler, and writes `scheduler.json` (endpoints, pid).
    /// Everything then runs in one `ServiceGroup` (see Services above), with `extra` last:
    /// the first stopped.
    ///
    /// With CURVE (``StandaloneOptions/security``), the ZAP handler starts before anything
    /// binds, and the home's key pairs are made on the first start.
    ///
    /// - Throws: `StoreError` (database), `WireError` (an endpoint cannot be bound),
    ///   `DagFolderError` (missing DAG folder), `CurveKeyError` (no CURVE in libzmq, a bad key file).
    public func start(alsoServing extra: [RuntimeService] = []) async throws -> StandaloneEndpoints {
        guard scheduler == nil else { throw SchedulerError("StandaloneRuntime.start() called twice") }
        let home = options.home
        try FileManager.default.createDirectory(at: home.root, withIntermediateDirectories: true)
        let store = try await options.resolvedStore.open()
        self.store = store
        // On a shared store, stand by until this process holds the scheduler lease: nothing
        // below (DAG sync, scheduler.json, binding the executor) happens on a standby.
        if let leasing = store as? any SchedulerLeasing {
            do {
                leaseKeeper = try await LeaseKeeper.acquire(
                    store: leasing, candidate: Self.leaseCandidate(options), ttl: options.leaseTTL,
                    clock: options.scheduler.clock, logger: logger,
                    announce: options.announceLease ?? { [logger] in logger.notice("\($0)") })
            } catch {
                await store.close()
                self.store = nil
                throw error
            }
        }
        let security: ServerSecurity?
        do { security = try Self.resolve(options.security, home: home) } catch {
            await store.close()
            self.store = nil
            throw error
        }
        let loop = MessageLoop(name: "updraft")
        self.loop = loop
        do {
            // The ZAP handler first: no CURVE server socket binds before it answers, and it
            // knows the store's allowed keys before the first client arrives.
            if let security {
                let refresher = AllowListRefresher(store: store, access: security.access, logger: logger)
                await refresher.refresh()
                allowList = refresher
                zap = try ZAPHandler(context: loop.context, authorizer: security.access, logger: logger)
            }
            // Tries go only to workers the store lists, so recovery knows whom to wait for.
            var executorConfiguration = ExecutorConfiguration()
            executorConfiguration.dispatchOnlyToConfirmedWorkers = true
            executorConfiguration.curve = security?.curve(domain: ServerSecurity.executorDomain)
            executorConfiguration.access = security?.access
            let executor = WorkerExecutor(loop: loop, configuration: executorConfiguration, logger: logger)
            var executorEndpoints: [String] = []
            for endpoint in options.executorEndpoints {
                executorEndpoints.append(try await executor.bind(endpoint))
            }
            var serviceOptions = options.services
            if let folder = try Self.privateSpawnFolder(for: options.services, home: home) {
                spawnFolder = folder
                serviceOptions.spawnEndpoint = try await executor.bind(folder.executorEndpoint)
            }
            await executor.start()
            self.executor = executor

            var eventEndpoints = ["inproc://updraft-events-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"]
            if !options.eventsEndpoint.isEmpty { eventEndpoints.append(options.eventsEndpoint) }
            let events = try await EventPublisher(
                loop: loop, endpoints: eventEndpoints, logger: logger, curve: security?.curve(domain: ServerSecurity.eventsDomain))
            // Subscribers in other deployments (remote external_task sensors) get the DAG's
            // state when they subscribe or reconnect.
            let replayLogger = logger
            try await events.replayState { dagId in
                await EventReplay.currentState(of: dagId, in: store, logger: replayLogger)
            }
            self.events = events

            var configuration = options.scheduler
            configuration.console = options.console
            configuration.curveClientKeys = security?.clientKeys
            // The marker of a clean stop counts for this start only (a crash later must not find it).
            let cleanStop = home.cleanStopFile
            if FileManager.default.fileExists(atPath: cleanStop.path) {
                configuration.previousStopWasClean = true
                try? FileManager.default.removeItem(at: cleanStop)
            }
            let scheduler = Scheduler(
                store: store, executor: executor,
                dags: DagProvider(folder: options.dagsFolder, extraDags: options.extraDags),
                home: home, events: events, configuration: configuration, logger: logger)
            try await scheduler.prepare()
            self.scheduler = scheduler

            if options.localWorkers > 0 {
                let scheme = options.localWorkersOverTCP ? "tcp://" : "inproc://"
                guard let workerEndpoint = executorEndpoints.first(where: { $0.hasPrefix(scheme) }) else {
                    throw SchedulerError("local workers need an \(scheme) executor endpoint (got \(executorEndpoints.joined(separator: ", ")))")
                }
                // One guardian for the in-process workers: their tasks die with this process.
                var guardian: ProcessGroupGuardian?
                if let executable = options.guardianExecutable {
                    do { guardian = try ProcessGroupGuardian.start(executable: executable) } catch {
                        logger.warning("\(error): tasks of local workers would outlive a killed process")
                    }
                }
                for i in 0..<options.localWorkers {
                    var wc = WorkerConfiguration(endpoint: workerEndpoint)
                    if options.localWorkersOverTCP, let security, let clientKeys = security.clientKeys {
                        wc.curve = .client(clientKeys, serverKey: security.keys.publicKey)
                    }
                    wc.guardian = guardian
                    wc.workerId = "local-\(ProcessInfo.processInfo.processIdentifier)-\(i + 1)"
                    wc.concurrency = options.workerConcurrency
                    workers.append(Worker(configuration: wc, loop: loop, swiftTasks: options.swiftTasks, logger: logger))
                }
            }

            let services = RuntimeServices(
                loop: loop, executor: executor, options: serviceOptions, role: options.mode, logger: logger,
                security: security, extraGauges: { [zap] in
                    var gauges = await scheduler.statsGauges()
                    if let zap { gauges.merge(zap.statistics.gauges) { $1 } }
                    return gauges
                })
            self.services = services
            let served = try await services.start(executorEndpoints: executorEndpoints)

            var endpoints = StandaloneEndpoints(
                executor: executorEndpoints, events: await events.endpoints,
                databasePath: options.resolvedStore.displayName, logsFolder: home.logsFolder.path)
            endpoints.services = served
            let info = SchedulerInfo(
                pid: ProcessInfo.processInfo.processIdentifier,
                executorEndpoint: endpoints.executorTCP ?? executorEndpoints[0],
                eventsEndpoint: endpoints.eventsTCP ?? endpoints.events[0],
                statsEndpoint: served.stats, startedAt: Date(), mode: options.mode,
                curveServerKey: security?.keys.publicKey.z85)
            do { try info.write(to: home.schedulerInfoFile) } catch {
                logger.warning("cannot write \(home.schedulerInfoFile.path): \(error)")
            }
            run(serviceList(scheduler: scheduler, executor: executor, events: events, loop: loop, runtimeServices: services,
                            lease: leaseKeeper) + extra)
            return endpoints
        } catch {
            await services?.stop(grace: .zero)
            await loop.shutdown()
            await zap?.stop()
            await store.close()
            spawnFolder?.remove()
            spawnFolder = nil
            self.loop = nil
            zap = nil
            self.store = nil
            throw error
        }
    }

    /// The private folder of the `ipc://` socket locally spawned workers connect to: only
    /// when workers are spawned by ``LocalWorkerSpawner`` and no `--spawn-endpoint` was given
    /// (command-spawned workers may run on other hosts and need the tcp endpoint).
    static func privateSpawnFolder(for services: RuntimeServicesOptions, home: UpdraftHome) throws(SpawnError) -> PrivateSocketFolder? {
        guard services.autoscaling != nil, services.spawnEndpoint == nil, case .local = services.spawner else { return nil }
        return try PrivateSocketFolder.create(preferred: home.root.appendingPathComponent("run").path)
    }

    /// The CURVE settings `setting` asks for; nil for plaintext.
    /// - Throws: ``CurveKeyError`` (no CURVE in libzmq, a key file that cannot be read or written).
    static func resolve(_ setting: RuntimeSecurity, home: UpdraftHome) throws -> ServerSecurity? {
        switch setting {
        case .plaintext: return nil
        case .curve(let security):
            try CurveSupport.check()
            return security
        case .homeKeys(let allowed):
            try CurveSupport.check()
            return try ServerSecurity.forHome(home, allowed: allowed)
        }
    }

    /// Returns when every service has stopped (``stop(graceful:drainTimeout:)``, or the
    /// scheduler's loop ended with an error: see ``schedulerError``, and the group then shut
    /// the other services down).
    public func waitUntilStopped() async {
        await groupTask?.value
    }

    func schedulerFailed(_ error: any Error) {
        schedulerError = error
        logger.error("scheduler stopped: \(error)")
        if let error = error as? StoreError, error.code == .leaseLost { leaseLost(error.message) }
    }

    /// Another scheduler holds the lease now: ``StandaloneOptions/onLeaseLost``, else a stop
    /// at once (nothing more can be committed: the store fences this lease's commits).
    func leaseLost(_ reason: String) {
        if let onLeaseLost = options.onLeaseLost {
            onLeaseLost(reason)
            return
        }
        // Unstructured: called from the lease keeper's loop, which the stop itself ends.
        Task { await self.stop(graceful: false) }
    }

    /// Who this process is when it asks for the scheduler lease: host, pid, a random tag (a
    /// restarted process is a new holder) and its first tcp executor endpoint.
    static func leaseCandidate(_ options: StandaloneOptions) -> SchedulerCandidate {
        let pid = ProcessInfo.processInfo.processIdentifier
        let tag = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return SchedulerCandidate(
            holder: "\(HostIdentity.hostname):\(pid):\(tag)", hostname: HostIdentity.hostname, pid: pid,
            executorEndpoint: options.executorEndpoints.first { $0.hasPrefix("tcp://") } ?? "")
    }

    func executorStopped(drained: Bool) { self.drained = drained }

    // What the service list (StandaloneRuntime+Services.swift) reads.
    var stopRequestForServices: StopRequest { stopRequest }
    var zapForServices: ZAPHandler? { zap }
    var allowListForServices: AllowListRefresher? { allowList }
    var workersForServices: [Worker] { workers }
    var loggerForServices: Logger { logger }
    var drainTimeoutForServices: Duration { drainTimeout }

    func install(_ group: ServiceGroup, _ task: Task<Void, Never>) {
        self.group = group
        groupTask = task
    }

    /// Stops everything, in the reverse of the start order (Services above). Graceful: the
    /// workers finish the tries they run (their results are committed), tries still waiting
    /// for a worker stay queued in the store for the next start; not graceful: running tries
    /// are killed first (the next start's recovery retries them). A forced stop while a
    /// graceful one is in progress makes the services not yet stopped stop at once.
    public func stop(graceful: Bool, drainTimeout: Duration = .seconds(60)) async {
        guard let group else { return }
        if graceful {
            if !stopAsked { self.drainTimeout = drainTimeout }
        } else {
            stopRequest.force()
            // Kill running tries first (their failures flow back), then stop the rest.
            for worker in workers { await worker.stop(graceful: false) }
            try? await Task.sleep(for: .milliseconds(200))
        }
        stopAsked = true
        await group.triggerGracefulShutdown()
        await groupTask?.value
        await finish()
    }

    /// After the services stopped: the clean-stop marker, `scheduler.json` removed. Once.
    private func finish() async {
        guard !finished else { return }
        finished = true
        // Nothing dispatched is still running anywhere and the scheduler committed its last
        // step: the next start may re-submit the queued tries without a recovery grace.
        if stopAsked && drained && scheduler != nil && schedulerError == nil {
            let stamp = "stopped cleanly by pid \(ProcessInfo.processInfo.processIdentifier) at \(Date())\n"
            try? Data(stamp.utf8).write(to: options.home.cleanStopFile)
        }
        try? FileManager.default.removeItem(at: options.home.schedulerInfoFile)
        loop = nil
        executor = nil
        events = nil
        zap = nil
        workers = []
        // Last: the scheduler has committed its final step (a PostgreSQL pool closes here).
        await store?.close()
        spawnFolder?.remove()
        spawnFolder = nil
    }
}
