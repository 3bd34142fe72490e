import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftWire

/// The event bus: publishes every task-instance and DAG-run state change on a PUB socket,
/// topic ``EventTopic/frame(dagID:)`` (the DAG id and a 0x1F separator), so subscribers
/// filter by DAG inside libzmq. Each event carries a sequence number that increases by one
/// per event, so a subscriber sees gaps (PUB drops when a subscriber is slow: the bus is
/// for watching, the store is the truth).
///
/// The scheduler publishes only after the change is committed to the store.
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

    /// The endpoints bound, with `tcp://host:0` resolved to the real port.
    public private(set) var endpoints: [String]

    /// Binds a PUB socket on `loop` to each of `endpoints` (`tcp://127.0.0.1:0` picks a free port).
    ///
    /// - Throws: `WireError` naming the endpoint that could not be bound.
    public init(loop: MessageLoop, endpoints: [String], logger: Logger) async throws {
        precondition(!endpoints.isEmpty, "EventPublisher needs at least one endpoint")
        self.loop = loop
        self.logger = logger
        let first = Self.zmqEndpoint(endpoints[0])
        let port = try await loop.bind(.pub, first, codec: UpdraftCodec())
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
        var numbered = events
        for i in numbered.indices {
            sequence += 1
            numbered[i].sequence = sequence
        }
        for listener in listeners.values {
            for event in numbered { listener.yield(event) }
        }
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
