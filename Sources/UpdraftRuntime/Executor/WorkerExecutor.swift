import Logging
import UpdraftProtocol
import UpdraftWire

/// The executor: a ZeroMQ `ROUTER` that workers (`DEALER`s) register with; it queues the
/// tries the scheduler submits and dispatches each to a worker that serves its queue and
/// has a free slot, relays what workers report as ``ExecutorEvent``s, and watches
/// heartbeats to declare silent workers lost.
///
/// ```swift
/// let executor = WorkerExecutor(loop: loop, logger: logger)
/// let endpoint = try await executor.bind("tcp://127.0.0.1:0")   // "tcp://127.0.0.1:41234"
/// await executor.start()
/// await executor.submit([TaskWork(dispatch: dispatch, priority: 10)])
/// for await event in executor.events { ... }
/// ```
///
/// Design notes:
/// - The actor runs on the cooperative pool, never on the loop thread: one task reads the
///   ROUTER's inbox and hands each batch to ``handle(_:)``; one task sends, in order, what
///   the actor queued on its outbound stream (one `send(contentsOf:)` per worker per
///   dispatch round); one task ticks heartbeats with `Task.sleep`.
/// - Decisions (which try goes to which worker) are made by `DispatchPlanner` on plain
///   values (`PendingWork`, `WorkerRecord`); the actor only applies them.
/// - The inbox reader and the timer run isolated to this actor; the sender does not, so
///   handing frames to the loop never holds the actor.
/// - ``events`` buffers without bound: the scheduler is its only consumer and must keep
///   reading it; the executor never waits for it.
/// - A try's key includes its try number, which acts as the fencing token: a message about
///   a key that is not running on the sending worker is dropped and counted.
public actor WorkerExecutor: WorkDispatching {
    /// Everything workers report, in arrival order. One consumer; unbounded buffer.
    public nonisolated let events: AsyncStream<ExecutorEvent>
    let eventSink: AsyncStream<ExecutorEvent>.Continuation

    /// The loop whose thread runs the ROUTER.
    public nonisolated let loop: MessageLoop
    /// Settings given at init.
    public nonisolated let configuration: ExecutorConfiguration
    var logger: Logger

    var port: WirePort<UpdraftCodec>?
    let outbound: AsyncStream<OutgoingBatch>
    let outboundSink: AsyncStream<OutgoingBatch>.Continuation
    var readerTask: Task<Void, Never>?
    var senderTask: Task<Void, Never>?
    var timerTask: Task<Void, Never>?

    var pending = PendingWork()
    var running: [WireTaskInstanceKey: ExecutorRunningTry] = [:]
    var registry: [PeerID: WorkerRecord] = [:]
    var peersByWorkerID: [String: PeerID] = [:]
    var fenced: [WireTaskInstanceKey: ContinuousClock.Instant] = [:]
    /// Tries whose `task_finished` this executor passed on lately (kept twice a worker's
    /// ``SentResults/retention``): the same result again is a duplicate, dropped here.
    var recentlyEnded: [WireTaskInstanceKey: ContinuousClock.Instant] = [:]
    /// Per task instance (try number 0) of a try lost with its worker: no try of it is
    /// dispatched before this instant, so the lost one (which its worker kills when it
    /// stops hearing heartbeats) never runs at the same time as its retry.
    var holdUntil: [WireTaskInstanceKey: ContinuousClock.Instant] = [:]
    var held: [WireTaskInstanceKey: HeldWork] = [:]
    var notRegisteredRepliedAt: [PeerID: ContinuousClock.Instant] = [:]
    /// Keys (or peers without one) whose refused hello was logged (one line each).
    var loggedAccessRefusals: Set<String> = []
    var counters = ExecutorStats()
    /// When each waiting try was submitted (for the queued → started histogram).
    var queuedAt: [WireTaskInstanceKey: ContinuousClock.Instant] = [:]
    /// For tries submitted after an end in their run: that end (for the hand-off histogram).
    var handoffFrom: [WireTaskInstanceKey: ContinuousClock.Instant] = [:]
    var latency = ExecutorLatencies()
    var heartbeatSequence: UInt64 = 0
    var accepting = true
    var stopped = false
    /// See ``waitingWorkSignals()``.
    var waitingWorkSignal: AsyncStream<Void>.Continuation?

    /// Creates an executor; nothing happens until ``bind(_:)`` and ``start()``.
    public init(loop: MessageLoop, configuration: ExecutorConfiguration = .init(), logger: Logger) {
        self.loop = loop
        self.configuration = configuration
        self.logger = logger
        let events = AsyncStream.makeStream(of: ExecutorEvent.self, bufferingPolicy: .unbounded)
        self.events = events.stream
        eventSink = events.continuation
        let outbound = AsyncStream.makeStream(of: OutgoingBatch.self, bufferingPolicy: .unbounded)
        self.outbound = outbound.stream
        outboundSink = outbound.continuation
    }

    /// Binds the ROUTER (call once per endpoint, one call at a time: e.g.
    /// `inproc://updraft-executor` and `tcp://127.0.0.1:0`); returns the bound endpoint
    /// with a `0` or `*` port resolved to the real one. Throws
    /// ``ExecutorConfigurationError`` when the configuration has problems, or the wire
    /// layer's `WireError` (address in use, bad endpoint).
    public func bind(_ endpoint: String) async throws -> String {
        if let port { return try await port.bind(endpoint) }
        let problems = configuration.problems
        guard problems.isEmpty else { throw ExecutorConfigurationError(problems: problems) }
        var options = PortOptions()
        options.name = "executor ROUTER"
        options.logger = logger
        options.curve = configuration.curve
        let router = try await loop.bind(.router, endpoint, codec: UpdraftCodec(), options: options)
        await router.replyToDropped(with: Self.invalidHelloReply)
        port = router
        return await router.endpoint
    }

    /// Starts reading the inbox, the sender and the heartbeat timer. Call once, after
    /// the first ``bind(_:)``.
    public func start() {
        guard readerTask == nil, let port else {
            if port == nil { logger.error("executor start() before bind(): nothing to read") }
            return
        }
        // Unstructured (reader, sender, timer below): they live as long as the executor; shutdown() cancels and awaits them.
        readerTask = Task { [port] in
            for await batch in port.inbox { self.handle(batch) }
        }
        senderTask = Task { [port, outbound, logger] in
            // Peers whose last send failed: one warning per peer until a send to it works
            // again (a dead worker is sent a heartbeat every interval until it is declared lost).
            var failing: Set<PeerID> = []
            for await batch in outbound {
                if let batching = batch.batching { await port.setBatching(batching, for: batch.peer) }
                guard !batch.messages.isEmpty else { continue }
                do throws(WireError) {
                    try await port.send(contentsOf: batch.messages, to: batch.peer)
                    failing.remove(batch.peer)
                } catch {
                    // The dispatches from the failed one on never left: taken back at once.
                    let unsent = batch.messages.dropFirst(error.messagesSent).compactMap { message -> WireTaskDispatch? in
                        if case .taskDispatch(let dispatch) = message { dispatch } else { nil }
                    }
                    await self.sendFailed(to: batch.peer, unsent: unsent)
                    // A drained worker may leave before the closing worker_shutdown reaches
                    // it: expected at shutdown, so not a warning then.
                    let closing = batch.messages.allSatisfy { if case .workerShutdown = $0 { true } else { false } }
                    let text: Logger.Message = "executor could not send \(batch.messages.count) message(s) to \(batch.peer): \(error)"
                    if closing || !failing.insert(batch.peer).inserted { logger.debug(text) } else { logger.warning(text) }
                    if failing.count > 10_000 { failing.removeAll() }
                }
            }
        }
        let (interval, clock) = (configuration.interval, configuration.clock)
        timerTask = Task {
            while !Task.isCancelled {
                do { try await clock.sleep(for: interval) } catch { return }
                self.tick()
            }
        }
    }

    /// Queues tries; see ``WorkDispatching/submit(_:)``. A dispatch that fails validation
    /// is reported `finished` failed at once, naming its problems. A try of a task instance
    /// whose previous try was lost with its worker waits one heartbeat timeout after the
    /// loss before it may be dispatched (it counts as queued meanwhile).
    public func submit(_ work: [TaskWork]) {
        let now = configuration.clock.now
        for item in work {
            let key = item.dispatch.key
            if running[key] != nil || pending.contains(key) || held[key] != nil {
                counters.duplicateSubmissions += 1
                continue
            }
            let problems = item.dispatch.problems
            guard problems.isEmpty else {
                reportFailed(key, "invalid task dispatch: " + problems.joined(separator: "; "))
                continue
            }
            queuedAt[key] = now
            if let end = latency.lastFinished[.init(dagID: key.dagID, runID: key.runID)] { handoffFrom[key] = end }
            if let until = holdUntil[Self.instance(of: key)], until > now {
                held[key] = HeldWork(work: item, until: until)
            } else {
                _ = pending.insert(item, queue: queueName(of: item.dispatch))
            }
        }
        dispatchReady()
        if pending.count > 0 { waitingWorkSignal?.yield() }
    }

    /// A signal after each ``submit(_:)`` that leaves tries waiting for a worker: the
    /// autoscaler's wake-up, so it spawns at once without polling the executor quickly
    /// (signals coalesce; one subscriber, a new call replaces the previous stream).
    public func waitingWorkSignals() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        waitingWorkSignal?.finish()
        waitingWorkSignal = continuation
        return stream
    }

    /// Stops a try: a queued one is removed and reported `finished` failed
    /// ("cancelled: REASON"); a running one gets `task_cancel` on its worker, whose
    /// `task_finished` follows. An unknown key is ignored.
    public func cancel(_ key: WireTaskInstanceKey, reason: String) {
        if pending.remove(key) != nil || held.removeValue(forKey: key) != nil {
            counters.cancelled += 1
            reportFailed(key, "cancelled: \(reason)")
        } else if let run = running[key] {
            counters.cancelled += 1
            var message = WireTaskCancel()
            message.key = key
            message.reason = reason
            send([.taskCancel(message)], to: run.peer)
        }
    }

    /// How many tries wait for a worker, by queue (queues with none are absent).
    public func queuedCounts() -> [String: Int] {
        var counts = pending.counts
        for item in held.values { counts[queueName(of: item.work.dispatch), default: 0] += 1 }
        return counts
    }

    /// Tries running on registered workers, adopted ones included.
    public func runningKeys() -> [WireTaskInstanceKey] { Array(running.keys) }

    /// See ``WorkDispatching/confirmWorkers(_:)``: the named workers may get tries now.
    public func confirmWorkers(_ workerIds: [String]) {
        var any = false
        for id in workerIds {
            guard let peer = peersByWorkerID[id], registry[peer]?.confirm() == true else { continue }
            any = true
        }
        if any { dispatchReady() }
    }

    /// Registered workers, sorted by worker id.
    public func workers() -> [WorkerSnapshot] {
        registry.values.map(\.snapshot).sorted { $0.workerID < $1.workerID }
    }

    /// Counters since start.
    public func stats() -> ExecutorStats { counters }

    /// The counters and current sizes as named gauges (for a `stats_reply`'s `gauges`):
    /// `executor.dispatched`, ..., `executor.workers`, `executor.running`,
    /// `executor.queued.QUEUE`.
    public func gauges() -> [String: Double] {
        var gauges = counters.gauges
        gauges["executor.workers"] = Double(registry.count)
        gauges["executor.running"] = Double(running.count)
        for (queue, count) in queuedCounts() { gauges["executor.queued.\(queue)"] = Double(count) }
        return gauges
    }

    // MARK: - Helpers shared by the extensions

    /// The task instance of `key`: the same key with try number 0.
    static func instance(of key: WireTaskInstanceKey) -> WireTaskInstanceKey {
        var instance = key
        instance.tryNumber = 0
        return instance
    }

    func queueName(of dispatch: WireTaskDispatch) -> String {
        dispatch.queue.isEmpty ? configuration.defaultQueue : dispatch.queue
    }

    /// Queues messages for one peer; the sender task sends them in order.
    func send(_ messages: [UpdraftMessage], to peer: PeerID) {
        guard !messages.isEmpty else { return }
        outboundSink.yield(OutgoingBatch(peer: peer, messages: messages))
    }

    func emit(_ event: ExecutorEvent) {
        eventSink.yield(event)
    }

    /// Reports `key` finished failed with `message` (the executor's own verdict).
    func reportFailed(_ key: WireTaskInstanceKey, _ message: String) {
        var finished = WireTaskFinished()
        finished.key = key
        finished.state = .failed
        finished.errorMessage = message
        finished.endedAtUnixUs = ExecutorTime.nowUnixMicros()
        counters.failedByExecutor += 1
        queuedAt[key] = nil
        handoffFrom[key] = nil
        emit(.finished(finished))
    }
}

/// Messages for one worker, sent with one `send(contentsOf:)`.
struct OutgoingBatch: Sendable {
    var peer: PeerID
    var messages: [UpdraftMessage]
    /// Set before `messages` leave: whether the peer reads batches from now on (its welcome's
    /// protocol version), or false when it is gone. In the same stream as the messages, so
    /// the change takes effect in order.
    var batching: Bool? = nil
}

/// A try held back until its lost predecessor is surely dead.
struct HeldWork {
    var work: TaskWork
    var until: ContinuousClock.Instant
}

/// A try on a worker.
struct ExecutorRunningTry {
    var peer: PeerID
    var dispatchedAt: ContinuousClock.Instant
    /// Its priority, to queue it again if its dispatch could not be sent.
    var priority = 0
    /// Consecutive heartbeats of its worker that did not list it.
    var missedHeartbeats = 0
    /// Whether its worker has shown it holds the try (`task_started`, or listed in a
    /// heartbeat). From then on every heartbeat must list it until `task_finished`: the
    /// link keeps order. Before, a heartbeat that does not list it may have left the worker
    /// before the dispatch arrived (they cross, and a loaded executor reads a backlog of
    /// heartbeats late), so only a long silence about it counts.
    var acknowledged = false
}
