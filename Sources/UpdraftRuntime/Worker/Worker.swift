import Foundation
import Logging
import UpdraftProtocol
import UpdraftWire

/// A worker: connects a DEALER to the executor's ROUTER, says hello, runs the task
/// instance tries it is sent (bash, branch, Swift closures, empty, `updraft.noop`), at
/// most `concurrency` at once, and reports their start, output and end.
///
/// ```swift
/// let loop = MessageLoop(name: "worker")
/// let worker = Worker(configuration: .init(endpoint: "tcp://127.0.0.1:7811"), loop: loop,
///                     swiftTasks: .from(dags: dags), logger: Logger(label: "updraft.worker"))
/// try await worker.run()          // until worker_shutdown, a finished drain, or stop()
/// ```
///
/// Design notes:
/// - The actor owns the bookkeeping (running tries, registration, heartbeats); each try
///   runs in its own task and reports back through `emit` and `tryEnded`. Children are
///   read and reaped on dedicated threads (``ChildProcess``), never on the cooperative pool.
/// - Liveness: a ticker task sends a heartbeat every interval (with the keys it runs) and
///   watches the executor. An executor silent for `heartbeat_timeout` is lost: the worker
///   kills its running tries, drops their results (the executor has failed them already)
///   and connects again with a fresh socket, saying hello until a welcome comes. A
///   `worker_reject` `not_registered` (a restarted executor) is answered with a new hello
///   on the same socket, keeping the tries; the heartbeat right after the welcome lists
///   them so the executor can adopt them.
/// - A dispatch over capacity, for a task instance already running, or while draining is
///   ignored and logged (the executor never sends one; reporting it failed could end the
///   running try's state in the store). An unknown kind fails at once.
public actor Worker {
    /// The settings this worker runs with.
    public nonisolated let configuration: WorkerConfiguration
    nonisolated let loop: MessageLoop
    nonisolated let swiftTasks: SwiftTaskRegistry
    var logger: Logger

    var port: WirePort<UpdraftCodec>?
    /// Registration, last heard, last heartbeat, and what each tick must do (a value: ``WorkerLiveness``).
    var liveness: WorkerLiveness
    var running: [WireTaskInstanceKey: WorkerRunningTry] = [:]
    var heartbeatSequence: UInt64 = 0
    /// Which of ``WorkerConfiguration/endpoints`` the worker connects to now.
    var endpointIndex = 0
    var wasRegistered = false
    var started = false
    var draining = false
    var finished = false
    var fatal: WorkerError?
    var goodbyeReason = "stopped"
    /// Messages for tries that ended at once while handling an inbox batch; sent after the batch in one hop.
    var outbox: [UpdraftMessage] = []
    /// Results sent lately, sent again after each re-registration (see ``SentResults``).
    var sentResults = SentResults()
    /// Handshake failures already logged (each cause once: libzmq retries every reconnect).
    nonisolated let handshakeFailuresLogged = HandshakeFailuresLogged()

    /// A worker that will connect to `configuration.endpoint` through `loop` (share the
    /// executor's loop context for `inproc://`) and run Swift tasks from `swiftTasks`.
    public init(configuration: WorkerConfiguration, loop: MessageLoop, swiftTasks: SwiftTaskRegistry, logger: Logger) {
        self.configuration = configuration
        self.loop = loop
        self.swiftTasks = swiftTasks
        self.logger = logger
        self.logger[metadataKey: "worker"] = .string(configuration.workerId)
        liveness = WorkerLiveness(interval: configuration.heartbeatInterval, timeout: configuration.heartbeatTimeout,
                                  now: configuration.clock.now, failover: configuration.endpoints.count > 1)
    }

    /// Connects, says hello and serves until `worker_shutdown`, a finished drain, or
    /// ``stop(graceful:)``; says `worker_goodbye` before it returns. Reconnects on its
    /// own when the executor goes silent. Throws ``WorkerError`` for a bad configuration
    /// or endpoint (before connecting) and when the executor rejects the worker.
    /// Cancelling the task that awaits `run()` stops the worker as `stop(graceful: false)`
    /// does (running tries are killed and reported, then goodbye).
    public func run() async throws {
        guard !started else { throw WorkerError(.alreadyRunning, "worker '\(configuration.workerId)' is already running") }
        started = true
        try configuration.validate()
        // Served from its own task, so that cancelling the caller does not end the inbox
        // before the killed tries are reported.
        let serving = Task { try await self.serve() }
        try await withTaskCancellationHandler {
            try await serving.value
        } onCancel: {
            // Unstructured: cancellation handlers are synchronous; the stop hops onto the actor.
            Task { await self.stop(graceful: false) }
        }
    }

    /// The connection loop behind ``run()``.
    private func serve() async throws {
        // Unstructured: the heartbeat ticker; cancelled when serve() returns (defer below).
        let ticker = Task { await self.tickLoop() }
        defer { ticker.cancel() }
        var firstAttempt = true
        while !finished {
            let port: WirePort<UpdraftCodec>
            do {
                port = try await openPort()
            } catch {
                if firstAttempt { throw error }
                logger.warning("cannot reconnect to \(currentEndpoint): \(error); retrying")
                try? await configuration.clock.sleep(for: liveness.interval)
                continue
            }
            firstAttempt = false
            if finished {
                await port.close()
                break
            }
            self.port = port
            sayHello()
            await emit([.workerHello(hello())])
            for await batch in port.inbox {
                for envelope in batch { await handle(envelope.message) }
                await flushOutbox()
            }
            self.port = nil
            await port.close()
            if let fatal { throw fatal }
        }
        logger.info("worker stopped: \(goodbyeReason)")
    }

    /// Stops the worker. Graceful: take no new work, let running tries finish, then say
    /// goodbye. Not graceful: cancel running tries (each reported failed), then goodbye.
    /// `run()` returns once the goodbye is sent.
    public func stop(graceful: Bool) async {
        beginDrain(reason: graceful ? "stopping: finishing running tries" : "stopping")
        if !graceful { cancelAll(reason: "worker stopping") }
        await finishIfIdle()
    }

    /// Keys of the tries running now (not those being killed after the executor was lost).
    public var runningKeys: [WireTaskInstanceKey] {
        running.filter { !$0.value.dropResult }.keys.sorted { $0.textForm < $1.textForm }
    }

    /// Whether the executor has welcomed this worker on the current connection.
    public var isRegistered: Bool {
        liveness.isRegistered
    }

    /// Opens the DEALER (routing id = worker id; linger so a goodbye still leaves on close).
    private func openPort() async throws(WorkerError) -> WirePort<UpdraftCodec> {
        var options = PortOptions()
        options.name = "worker.executor"
        options.routingID = PeerID(configuration.workerId)
        options.linger = 1000
        options.logger = logger
        let endpoint = currentEndpoint
        if !endpoint.hasPrefix("inproc://") {
            options.curve = configuration.curve
            // A refused key or a wrong server key is otherwise silence: say why, once per cause.
            let logger = self.logger, said = handshakeFailuresLogged
            options.onHandshakeFailure = { failure in
                if said.firstTime(failure.kind) { logger.error("\(failure)") }
            }
        }
        do {
            return try await loop.connect(.dealer, endpoint, codec: UpdraftCodec(), options: options)
        } catch {
            throw WorkerError(.badEndpoint, "cannot connect to '\(endpoint)': \(error)")
        }
    }

    /// Sends what `outbox` holds.
    func flushOutbox() async {
        guard !outbox.isEmpty else { return }
        await emit([])
    }

    /// Sends `messages` on the current connection, in order; dropped (debug log) while reconnecting.
    /// What `outbox` holds goes first.
    /// Every `task_finished` is recorded in ``sentResults`` first, even one dropped here.
    func emit(_ messages: [UpdraftMessage]) async {
        var messages = messages
        if !outbox.isEmpty {
            messages = outbox + messages
            outbox.removeAll(keepingCapacity: true)
        }
        let now = configuration.clock.now
        for case .taskFinished(let finished) in messages { sentResults.record(finished, at: now) }
        guard let port, !messages.isEmpty else { return }
        do {
            try await port.send(contentsOf: messages)
        } catch {
            logger.warning("could not send \(messages.count) message(s) to the executor: \(error)")
        }
    }
}
