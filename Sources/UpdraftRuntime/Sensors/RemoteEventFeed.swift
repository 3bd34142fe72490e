import Foundation
import Logging
import UpdraftProtocol
import UpdraftWire

/// A subscription to another Updraft deployment's event bus (its scheduler's PUB endpoint,
/// e.g. `tcp://10.0.0.5:7434`): a SUB socket on its own ``MessageLoop`` (one poll thread,
/// created only when a sensor names a remote endpoint), subscribed to one topic per watched
/// DAG (``EventTopic/frame(dagID:)``, filtered inside libzmq). libzmq reconnects by itself
/// when the other scheduler restarts and sends the subscriptions again; the other bus then
/// replays each subscribed DAG's state (``EventPublisher/replayState(using:)``), so what
/// happened while disconnected is learnt on reconnect. Runs older than ``EventReplay/runLimit``
/// are not replayed: a remote sensor keeps its timeout as the backstop.
final class RemoteEventFeed: Sendable {
    let endpoint: String
    private let loop: MessageLoop
    private let port: WirePort<UpdraftCodec>
    private let reader: Task<Void, Never>

    /// Connects to `endpoint` and hands every state-change event to `deliver`, batch by batch.
    ///
    /// - Throws: `WireError` when the endpoint is malformed.
    init(endpoint: String, logger: Logger, curve: CurveSecurity? = nil, deliver: @escaping @Sendable ([WireStateChangeEvent]) async -> Void) async throws {
        self.endpoint = endpoint
        let loop = MessageLoop(name: "updraft-sensor-feed")
        do {
            var options = PortOptions()
            options.curve = curve
            port = try await loop.connect(.sub, endpoint, codec: UpdraftCodec(), options: options)
        } catch {
            await loop.shutdown()
            throw error
        }
        self.loop = loop
        let port = self.port
        // Unstructured: the reader lives as long as the feed; close() ends it.
        reader = Task {
            for await batch in port.inbox {
                var events: [WireStateChangeEvent] = []
                for envelope in batch {
                    if case .stateChangeEvent(let event) = envelope.message { events.append(event) }
                }
                if !events.isEmpty { await deliver(events) }
            }
            logger.debug("event feed \(endpoint) closed")
        }
    }

    /// Receives the events of `dagId` from now on.
    func subscribe(dagId: String) async throws {
        try await port.subscribe(EventPublisher.topic(dagId))
    }

    /// Closes the socket and its loop.
    func close() async {
        await port.close()
        reader.cancel()
        await loop.shutdown()
    }
}
