import Hummingbird
import NIOCore

/// Writes an event stream to a response as Server-Sent Events, with a comment line every
/// `keepAlive` while nothing happens; returns when the stream ends, throws when the client
/// has gone (the write fails) or the task is cancelled.
enum SSEPump {
    private enum Item<Element: Sendable>: Sendable {
        case event(Element)
        case tick
    }

    static func pump<S: AsyncSequence & Sendable>(
        _ events: S, keepAlive: Duration, into writer: inout any ResponseBodyWriter,
        frame: @escaping @Sendable (S.Element) -> String
    ) async throws where S.Element: Sendable {
        let (items, continuation) = AsyncStream<Item<S.Element>>.makeStream()
        // Unstructured (forwarder and ticker): both end with the response; cancelled below.
        let forward = Task {
            do {
                for try await event in events { continuation.yield(.event(event)) }
            } catch {}
            continuation.finish()
        }
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: keepAlive)
                continuation.yield(.tick)
            }
        }
        defer {
            forward.cancel()
            ticker.cancel()
            continuation.finish()
        }
        for await item in items {
            try Task.checkCancellation()
            switch item {
            case .event(let event): try await writer.write(ByteBuffer(string: frame(event)))
            case .tick: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
    }
}
