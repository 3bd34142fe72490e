import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftWire

/// The event bus: publishes every task-instance and DAG-run state change on an XPUB socket,
/// topic ``EventTopic/frame(dagID:)`` (the DAG id and a 0x1F separator), so subscribers
/// filter by DAG inside libzmq. Each event carries a sequence number that increases by one
/// per event, so a subscriber sees gaps (PUB drops when a subscriber is slow: the bus is
/// for watching, the store is the truth).
///
/// The scheduler publishes only after the change is committed to the store.
///
/// Replay (``replayState(using:)``): when a subscriber subscribes to one DAG's topic (again
/// on every reconnect: libzmq re-sends subscriptions), the bus reads that DAG's current state
/// and publishes it as *state reports*: events whose old state equals their new state. A
/// subscriber in another deployment (a remote `external_task` sensor) thus learns what
/// happened before it connected or while it was cut off. A report never overtakes a live
/// change: instances that changed while the snapshot was read are left out of it.
///
/// ```swift
/// let bus = try await EventPublisher(loop: loop, endpoints: ["inproc://updraft-events", "tcp://127.0.0.1:0"], logger: log)
/// print(await bus.endpoints)   // tcp port resolved
/// ```
///
/// The actor runs on the loop's thread (its executor is the `MessageLoop`), so handing an
/// event to the socket is a plain call, not a thread hop per event.
public actor EventPublisher {
    /// Runs on the poll thread that owns the PUB socket.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    private nonisolated let loop: MessageLoop
    private let port: WirePort<UpdraftCodec>
    private let logger: Logger
    private var sequence: UInt64 = 0
    private var dropped = 0
    private var listeners: [UInt64: AsyncStream<WireStateChangeEvent>.Continuation] = [:]
    private var nextListener: UInt64 = 0
    private var snapshot: (@Sendable (String) async -> [WireStateChangeEvent])?
    /// DAGs whose snapshot is being read → the instances and runs that changed meanwhile.
    private var changedDuringReplay: [String: Set<String>] = [:]
    private var replaysInFlight: [String: Int] = [:]
    /// State reports published so far.
    public private(set) var replayedEvents = 0

    /// The endpoints bound, with `tcp://host:0` resolved to the real port.
    public private(set) var endpoints: [String]

    /// Binds a PUB socket on `loop` to each of `endpoints` (`tcp://127.0.0.1:0` picks a free port).
    ///
    /// - Throws: `WireError` naming the endpoint that could not be bound.
    /// `curve`: CURVE server settings for the tcp:// and ipc:// endpoints (inproc stays plain).
    public init(loop: MessageLoop, endpoints: [String], logger: Logger, curve: CurveSecurity? = nil) async throws {
        precondition(!endpoints.isEmpty, "EventPublisher needs at least one endpoint")
        self.loop = loop
        self.logger = logger
        let first = Self.zmqEndpoint(endpoints[0])
        var options = PortOptions()
        options.curve = curve
        let port = try await loop.bind(.xpub, first, codec: UpdraftCodec(), options: options)
        var bound = [await port.endpoint]
        for endpoint in endpoints.dropFirst() {
            bound.append(try await port.bind(Self.zmqEndpoint(endpoint)))
        }
        self.port = port
        self.endpoints = bound
    }

    /// `tcp://host:0` → `tcp://host:*` (libzmq's "any free port").
    static func zmqEndpoint(_ endpoint: String) -> String {
        endpoint.hasPrefix("tcp://") && endpoint.hasSuffix(":0") ? String(endpoint.dropLast()) + "*" : endpoint
    }

    /// The number of the last event published (0 before the first).
    public var lastSequence: UInt64 { sequence }

    /// Publishes `events` in order, numbering them; a send that fails is counted and logged
    /// once, never thrown (the bus is best effort; the store is the record).
    public func publish(_ events: [WireStateChangeEvent]) async {
        guard !events.isEmpty else { return }
        let numbered = number(events)
        for listener in listeners.values {
            for event in numbered { listener.yield(event) }
        }
        if !replaysInFlight.isEmpty {
            for event in numbered where replaysInFlight[event.dagID] != nil {
                changedDuringReplay[event.dagID, default: []].insert(Self.subject(of: event))
            }
        }
        await send(numbered)
    }

    /// Replays a DAG's current state to its topic whenever a subscriber subscribes to it
    /// (see the type's docs). `snapshot` reads the state as events (``EventReplay``); it is
    /// called off the loop thread's hot path, once per subscription.
    public func replayState(using snapshot: @escaping @Sendable (String) async -> [WireStateChangeEvent]) async throws {
        self.snapshot = snapshot
        try await port.onSubscription { [weak self] change in
            guard change.subscribed, let dagId = EventTopic.dagID(fromFrame: change.topic) else { return }
            // Unstructured: called from the loop's subscription callback, which cannot await this actor.
            Task { await self?.replay(dagId: dagId) }
        }
    }

    /// Reads `dagId`'s state and publishes it as state reports to its topic only (in-process
    /// listeners read the store themselves).
    func replay(dagId: String) async {
        guard let snapshot else { return }
        replaysInFlight[dagId, default: 0] += 1
        let reports = await snapshot(dagId)
        let changed = changedDuringReplay[dagId] ?? []
        replaysInFlight[dagId, default: 1] -= 1
        if replaysInFlight[dagId] == 0 {
            replaysInFlight[dagId] = nil
            changedDuringReplay[dagId] = nil
        }
        let fresh = reports.filter { $0.dagID == dagId && !changed.contains(Self.subject(of: $0)) }
        guard !fresh.isEmpty else { return }
        replayedEvents += fresh.count
        await send(number(fresh))
    }

    /// What an event is about: one run, or one task instance of a run.
    static func subject(of event: WireStateChangeEvent) -> String {
        event.entity == .dagRun ? "run\u{1F}\(event.runID)"
            : "ti\u{1F}\(event.runID)\u{1F}\(event.taskID)\u{1F}\(event.mapIndex)"
    }

    /// `events` with the next sequence numbers.
    private func number(_ events: [WireStateChangeEvent]) -> [WireStateChangeEvent] {
        var numbered = events
        for i in numbered.indices {
            sequence += 1
            numbered[i].sequence = sequence
        }
        return numbered
    }

    /// Sends numbered events on the socket.
    private func send(_ numbered: [WireStateChangeEvent]) async {
        // One send per run of consecutive events of the same DAG (one topic), order kept.
        var start = numbered.startIndex
        while start < numbered.endIndex {
            let dagId = numbered[start].dagID
            var end = start + 1
            while end < numbered.endIndex, numbered[end].dagID == dagId { end += 1 }
            do {
                try await port.send(contentsOf: numbered[start..<end].map { UpdraftMessage.stateChangeEvent($0) },
                                    topic: Self.topic(dagId))
            } catch {
                dropped += end - start
                if dropped == end - start || dropped % 10_000 < end - start {
                    logger.warning("event bus: \(dropped) event(s) not published: \(error)")
                }
            }
            start = end
        }
    }

    /// The events published from now on, in this process (tests, the console, `waitForRun`-like
    /// watchers), without a socket. The stream ends when ``close()`` is called.
    public func subscribe() -> AsyncStream<WireStateChangeEvent> {
        let (stream, continuation) = AsyncStream<WireStateChangeEvent>.makeStream()
        let id = nextListener
        nextListener += 1
        listeners[id] = continuation
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            // Unstructured: onTermination is synchronous; the removal hops onto this actor.
            Task { await self.removeListener(id) }
        }
        return stream
    }

    private func removeListener(_ id: UInt64) { listeners[id] = nil }

    /// Closes the socket and ends every in-process subscription.
    public func close() async {
        for listener in listeners.values { listener.finish() }
        listeners = [:]
        await port.close()
    }

    /// The topic string of a DAG: its id followed by the 0x1F separator (``EventTopic``).
    static func topic(_ dagId: String) -> String {
        String(decoding: EventTopic.frame(dagID: dagId), as: UTF8.self)
    }
}
