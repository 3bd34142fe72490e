import DequeModule
import Foundation
import Logging
import UpdraftProtocol
import UpdraftRuntime
import UpdraftWire

/// The API server's view of the event bus: one ``EventBusClient`` (connected on the first
/// `GET /events`, to the endpoint `endpoint()` names: `--events-endpoint` or the running
/// scheduler's `scheduler.json`), the last ``capacity`` events for `Last-Event-ID`
/// reconnects, and the open streams it fans events out to.
actor EventHub {
    /// Events kept for reconnects.
    static let capacity = 10_000

    private let endpoint: @Sendable () async -> String?
    /// The CURVE client settings for the bus endpoint (nil: plain).
    private let security: @Sendable (String) async -> CurveSecurity?
    private let logger: Logger
    private var client: EventBusClient?
    private var recent = Deque<APIEvent>()
    private var listeners: [UInt64: (dagId: String?, continuation: AsyncStream<APIEvent>.Continuation)] = [:]
    private var nextListener: UInt64 = 0

    /// A hub reading the bus at `endpoint()` (nil: no scheduler known yet; asked again on the
    /// next stream).
    init(endpoint: @escaping @Sendable () async -> String?, logger: Logger,
         security: @escaping @Sendable (String) async -> CurveSecurity? = { _ in nil }) {
        self.endpoint = endpoint
        self.security = security
        self.logger = logger
    }

    /// Whether ``shutdown()`` was called (log streams stop too).
    private(set) var isClosed = false

    /// The sequence number of the newest event seen (0 before any).
    var lastSequence: UInt64 { recent.last?.sequence ?? 0 }

    /// A new stream of `dagId`'s events (every DAG's with nil), and what the hub still holds
    /// after `lastEventId`: the events, or nil when it cannot tell (older than what it
    /// keeps, or a sequence from before a scheduler restart) and the store must be read.
    func open(dagId: String?, after lastEventId: UInt64?) async -> (stream: AsyncStream<APIEvent>, id: UInt64, backlog: [APIEvent]?) {
        if !isClosed { await connectIfNeeded() }
        let (stream, continuation) = AsyncStream<APIEvent>.makeStream(bufferingPolicy: .bufferingNewest(Self.capacity))
        if isClosed { continuation.finish() }
        let id = nextListener
        nextListener += 1
        listeners[id] = (dagId, continuation)
        var backlog: [APIEvent]? = []
        if let lastEventId {
            if let first = recent.first, first.sequence <= lastEventId + 1, lastEventId <= lastSequence {
                backlog = recent.filter { $0.sequence > lastEventId && (dagId == nil || $0.dagId == dagId) }
            } else if !(recent.isEmpty && lastEventId == 0) {
                backlog = nil
            }
        }
        return (stream, id, backlog)
    }

    /// Ends the stream `id`.
    func close(_ id: UInt64) {
        listeners.removeValue(forKey: id)?.continuation.finish()
    }

    /// Closes the bus client and every stream.
    func shutdown() async {
        isClosed = true
        for listener in listeners.values { listener.continuation.finish() }
        listeners = [:]
        await client?.close()
        client = nil
    }

    /// Takes a batch from the bus.
    func ingest(_ events: [WireStateChangeEvent]) {
        for wire in events {
            let event = APIEvent(wire)
            if let last = recent.last, event.sequence <= last.sequence {
                // The scheduler restarted (its sequence began again): what we hold is of another life.
                recent.removeAll()
            }
            recent.append(event)
            if recent.count > Self.capacity { recent.removeFirst() }
            for listener in listeners.values where listener.dagId == nil || listener.dagId == event.dagId {
                listener.continuation.yield(event)
            }
        }
    }

    private func connectIfNeeded() async {
        guard let wanted = await endpoint() else { return }
        if let client, client.endpoint == wanted { return }
        await client?.close()
        client = nil
        do {
            client = try await EventBusClient(endpoint: wanted, logger: logger, curve: await security(wanted)) { [weak self] events in
                await self?.ingest(events)
            }
        } catch {
            logger.warning("API live events: cannot subscribe to the event bus at \(wanted): \(error)")
        }
    }
}
