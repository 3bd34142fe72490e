import Foundation
import Logging
import UpdraftProtocol
import UpdraftWire

/// A subscriber to a scheduler's event bus (its `events` endpoint in `scheduler.json`, or
/// `inproc://...` inside the same process) for every DAG: a SUB socket on its own
/// ``MessageLoop`` (one poll thread), handing each batch of state-change events to `deliver`.
/// libzmq reconnects by itself when the scheduler restarts. The API server's live streams
/// (`GET /api/v1/events`) read the bus through it.
public final class EventBusClient: Sendable {
    /// The endpoint connected to.
    public let endpoint: String
    private let loop: MessageLoop
    private let port: WirePort<UpdraftCodec>
    private let reader: Task<Void, Never>

    /// Connects to `endpoint`, subscribed to every DAG's topic.
    ///
    /// - Throws: `WireError` when the endpoint is malformed.
    public init(endpoint: String, logger: Logger, curve: CurveSecurity? = nil,
                deliver: @escaping @Sendable ([WireStateChangeEvent]) async -> Void) async throws {
        self.endpoint = endpoint
        let loop = MessageLoop(name: "updraft-api-events")
        let port: WirePort<UpdraftCodec>
        do {
            var options = PortOptions()
            options.curve = curve
            port = try await loop.connect(.sub, endpoint, codec: UpdraftCodec(), options: options)
            try await port.subscribe("")
        } catch {
            await loop.shutdown()
            throw error
        }
        self.loop = loop
        self.port = port
        // Unstructured: the reader lives as long as this client; close() cancels it.
        reader = Task {
            for await batch in port.inbox {
                var events: [WireStateChangeEvent] = []
                for envelope in batch {
                    if case .stateChangeEvent(let event) = envelope.message { events.append(event) }
                }
                if !events.isEmpty { await deliver(events) }
            }
            logger.debug("event bus client \(endpoint) closed")
        }
    }

    /// Closes the socket and its loop.
    public func close() async {
        await port.close()
        reader.cancel()
        await loop.shutdown()
    }
}
