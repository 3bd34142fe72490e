import Foundation
import Logging
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft bench run`: one DAG run of a generated DAG through the real path —
/// ``StandaloneRuntime`` (scheduler, SQLite store in a temporary home, executor, in-process
/// workers over inproc ZeroMQ) — then reads the task instances back from the store.
public enum RunBenchmark {
    /// What to run.
    public struct Options: Sendable {
        /// Task instances in the DAG.
        public var tasks: Int
        /// Graph shape.
        public var shape: RunBenchShape
        /// Task kind.
        public var kind: RunBenchKind
        /// In-process workers (nil: 1 for noop, 2 for bash).
        public var workers: Int?
        /// Slots per worker (nil: 32 for noop, 4 × cores for bash).
        public var workerConcurrency: Int?
        /// Give every task a webhook callback for this event to an in-process receiver (the
        /// A/B check that callbacks stay off the hand-off path); nil: none.
        public var callbacks: CallbackEvent?
        /// How the in-process workers reach the executor.
        public var transport: RunBenchTransport = .inproc
        /// The metadata store; nil: a SQLite file in the temporary home. A PostgreSQL store
        /// keeps the runs (each benchmark run is a new DAG run of its own DAG id).
        public var store: StoreLocation?

        /// Options with the default worker sizing.
        public init(tasks: Int, shape: RunBenchShape, kind: RunBenchKind, workers: Int? = nil, workerConcurrency: Int? = nil) {
            self.tasks = tasks
            self.shape = shape
            self.kind = kind
            self.workers = workers
            self.workerConcurrency = workerConcurrency
        }

        /// Workers actually used.
        public var effectiveWorkers: Int { workers ?? (kind == .noop ? 1 : 2) }
        /// Slots per worker actually used: noop tasks cost nothing, so one worker with 32
        /// slots; bash tasks are processes, so 4 per core per worker.
        public var effectiveConcurrency: Int {
            workerConcurrency ?? (kind == .noop ? 32 : 4 * max(1, ProcessInfo.processInfo.activeProcessorCount))
        }
    }

    /// Runs the benchmark in a fresh temporary home (removed afterwards).
    public static func run(_ options: Options) async throws -> RunBenchReport {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-bench-run-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(6))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let home = UpdraftHome.resolve(explicit: root.path)
        var dag = RunBenchDag.make(tasks: options.tasks, shape: options.shape, kind: options.kind)
        let receiver = options.callbacks != nil ? try await WebhookReceiver.start() : nil
        if let receiver, let event = options.callbacks {
            for i in dag.tasks.indices { dag.tasks[i].callbacks[event] = [.webhook(WebhookNotifier(target: .url(receiver.url)))] }
        }

        let clock = ContinuousClock()
        let startupBegan = clock.now
        var standalone = StandaloneOptions(
            home: home, dagsFolder: nil, extraDags: [dag], swiftTasks: SwiftTaskRegistry.from(dags: [dag]),
            localWorkers: options.effectiveWorkers, workerConcurrency: options.effectiveConcurrency,
            executorEndpoints: options.transport == .inproc ? ["inproc://updraft-bench-executor"] : ["tcp://127.0.0.1:0"],
            eventsEndpoint: "", console: false)
        standalone.store = options.store
        standalone.localWorkersOverTCP = options.transport != .inproc
        if options.transport == .tcpPlain { standalone.security = .plaintext }
        var logger = Logger(label: "updraft.bench-run")
        logger.logLevel = .warning
        let runtime = StandaloneRuntime(options: standalone, logger: logger)
        _ = try await runtime.start()
        let startup = (clock.now - startupBegan).seconds
        guard let scheduler = await runtime.scheduler else {
            await runtime.stop(graceful: false)
            throw BenchError("the runtime started without a scheduler")
        }
        let triggered = clock.now
        let logicalDate = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let run = try await scheduler.trigger(dagId: dag.dagId, conf: [:], logicalDate: logicalDate, runType: .manual)
        let state = try await scheduler.waitForRun(dagId: dag.dagId, runId: run.runId)
        let wall = (clock.now - triggered).seconds

        let store = try await standalone.resolvedStore.open()
        let readBegan = clock.now
        let records = try await store.taskInstances(dagId: dag.dagId, runId: run.runId)
        let read = (clock.now - readBegan).seconds
        await store.close()
        if receiver != nil { await scheduler.waitForNotifications(limit: .seconds(60)) }
        let notified = scheduler.notifier.counters.snapshot
        let stopBegan = clock.now
        await runtime.stop(graceful: true)
        await receiver?.stop()
        var result = report(options: options, records: records, runState: state, wall: wall, startup: startup)
        if let receiver {
            result.notificationsSent = notified.sent
            result.notificationsReceived = receiver.received.count
        }
        result.readSeconds = read
        result.transport = options.transport.rawValue
        result.store = options.store?.isSQLite == false ? "postgres" : "sqlite"
        result.stopSeconds = (clock.now - stopBegan).seconds
        return result
    }

    /// The report for a finished run's task instances.
    static func report(options: Options, records: [TaskInstanceRecord], runState: DagRunState,
                       wall: Double, startup: Double) -> RunBenchReport {
        var starts: [String: Date] = [:], ends: [String: Date] = [:], states: [String: Int] = [:]
        for record in records {
            starts[record.id.taskId] = record.startDate
            ends[record.id.taskId] = record.endDate
            states[record.state.rawValue, default: 0] += 1
        }
        let handoff = HandoffLatency(edges: RunBenchDag.edges(tasks: options.tasks, shape: options.shape),
                                     startDates: starts, endDates: ends)
        let succeeded = runState == .success && records.count == options.tasks && records.allSatisfy { $0.state == .success }
        return RunBenchReport(
            tasks: options.tasks, shape: options.shape.rawValue, kind: options.kind.rawValue,
            wallSeconds: wall, taskInstancesPerSecond: wall > 0 ? Double(records.count) / wall : 0,
            handoffP50Ms: handoff.percentileMs(50), handoffP99Ms: handoff.percentileMs(99),
            handoffMaxMs: handoff.samplesMs.max() ?? 0, handoffSamples: handoff.samplesMs.count,
            allSucceeded: succeeded, runState: runState.rawValue, states: states,
            workers: options.effectiveWorkers, workerConcurrency: options.effectiveConcurrency,
            startupSeconds: startup, peakRSSMB: PeakMemory.megabytes())
    }
}
