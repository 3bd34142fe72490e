import UpdraftProtocol
import UpdraftWire

/// Asks a stats endpoint for one snapshot: what `updraft stats` and the tests use.
///
/// ```swift
/// let client = try await StatsClient.connect("tcp://127.0.0.1:7435")
/// let reply = try await client.fetch()
/// await client.close()
/// ```
public final class StatsClient: Sendable {
    /// The endpoint asked.
    public let endpoint: String
    private let loop: MessageLoop
    private let port: WirePort<UpdraftCodec>
    private let ownsLoop: Bool

    private init(endpoint: String, loop: MessageLoop, port: WirePort<UpdraftCodec>, ownsLoop: Bool) {
        self.endpoint = endpoint
        self.loop = loop
        self.port = port
        self.ownsLoop = ownsLoop
    }

    /// Connects a DEALER to `endpoint` (on `loop`, or on a loop of its own), with `curve`
    /// client settings when the endpoint is a CURVE server. Throws `WireError` for a bad endpoint.
    public static func connect(_ endpoint: String, loop: MessageLoop? = nil, curve: CurveSecurity? = nil) async throws -> StatsClient {
        let owned = loop == nil
        let loop = loop ?? MessageLoop(name: "updraft-stats-client", spinMicros: 0)
        var options = PortOptions()
        options.name = "stats client DEALER"
        options.curve = curve
        do {
            let port = try await loop.connect(.dealer, endpoint, codec: UpdraftCodec(), options: options)
            return StatsClient(endpoint: endpoint, loop: loop, port: port, ownsLoop: owned)
        } catch {
            if owned { await loop.shutdown() }
            throw error
        }
    }

    /// One snapshot. Throws `WireError` `.timeout` when no reply comes within `timeout`
    /// (no scheduler there), or ``StatsClientError`` when the answer is not a `stats_reply`.
    public func fetch(requestID: UInt64 = 1, timeout: Duration = .seconds(3)) async throws -> WireStatsReply {
        var request = WireStatsRequest()
        request.requestID = requestID
        let port = port
        let envelope = try await withTaskExecutorPreference(loop) {
            try await port.request(.statsRequest(request), timeout: timeout)
        }
        guard case .statsReply(let reply) = envelope.message else {
            throw StatsClientError(message: "\(endpoint) answered \(envelope.message.kind.name), not stats_reply")
        }
        return reply
    }

    /// Closes the socket (and the loop when it owns it).
    public func close() async {
        await port.close()
        if ownsLoop { await loop.shutdown() }
    }
}

/// A stats endpoint answered something else than a stats reply.
public struct StatsClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What came back, naming the endpoint.
    public var message: String
    /// The message.
    public var description: String { message }
}
