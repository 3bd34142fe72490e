import Foundation
import Logging
import UpdraftProtocol
import UpdraftWire

/// The stats endpoint (`Protocols/PROTOCOL.md` §10): a `ROUTER` that answers each
/// `stats_request` with a `stats_reply` holding every socket's counters on the loop
/// (`MessageLoop.statistics()`) and the gauges `gauges` returns. Read-only, no handshake.
/// Any other message is counted and dropped (one log line); malformed frames are counted by
/// the wire layer and dropped.
///
/// ```swift
/// let stats = StatsServer(loop: loop, process: "scheduler@host:42") { await collector.gauges() }
/// let endpoint = try await stats.bind("tcp://127.0.0.1:0")   // into scheduler.json
/// await stats.start()
/// ```
public actor StatsServer {
    /// The loop whose sockets it reports (and whose thread runs its ROUTER).
    public nonisolated let loop: MessageLoop
    /// Who answers, e.g. `scheduler@host:pid`.
    public nonisolated let process: String
    private let gauges: @Sendable () async -> [String: Double]
    private let logger: Logger
    private var port: WirePort<UpdraftCodec>?
    /// CURVE server settings of the ROUTER (nil: plain); set before ``bind(_:)``.
    private let curve: CurveSecurity?
    private var reader: Task<Void, Never>?
    /// Requests answered so far.
    public private(set) var answered = 0
    /// Messages that were not `stats_request`s, dropped.
    public private(set) var ignored = 0

    /// A server for `loop`'s sockets; `gauges` is called once per request.
    public init(
        loop: MessageLoop, process: String, logger: Logger = Logger(label: "updraft.stats"), curve: CurveSecurity? = nil,
        gauges: @escaping @Sendable () async -> [String: Double]
    ) {
        self.loop = loop
        self.curve = curve
        self.process = process
        self.logger = logger
        self.gauges = gauges
    }

    /// The default process name: `ROLE@HOST:PID`.
    public static func processName(role: String) -> String {
        "\(role)@\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    /// Binds the ROUTER (again for each extra endpoint); returns the endpoint with a `0`
    /// port resolved. Throws `WireError` (address in use, bad endpoint).
    public func bind(_ endpoint: String) async throws -> String {
        if let port { return try await port.bind(endpoint) }
        var options = PortOptions()
        options.name = "stats ROUTER"
        options.logger = logger
        options.curve = curve
        let router = try await loop.bind(.router, endpoint, codec: UpdraftCodec(), options: options)
        port = router
        return await router.endpoint
    }

    /// Starts answering. Call after ``bind(_:)``.
    public func start() {
        guard reader == nil, let port else { return }
        // Unstructured: the reader lives until close(), which closes the port and so ends it.
        reader = Task { [port] in
            for await batch in port.inbox { await self.handle(batch, on: port) }
        }
    }

    /// Closes the ROUTER.
    public func close() async {
        await port?.close()
        await reader?.value
        reader = nil
    }

    private func handle(_ batch: [Envelope<UpdraftMessage>], on port: WirePort<UpdraftCodec>) async {
        for envelope in batch {
            guard case .statsRequest(let request) = envelope.message, let peer = envelope.peer else {
                ignored += 1
                if ignored == 1 { logger.warning("stats endpoint dropped \(envelope.message.kind.name): it only answers stats_request") }
                continue
            }
            let values = await gauges()
            let reply = StatsReplyBuilder.reply(
                requestID: request.requestID, process: process, sockets: loop.statistics(), gauges: values)
            do {
                try await port.send(.statsReply(reply), to: peer)
                answered += 1
            } catch {
                logger.warning("stats endpoint could not answer \(peer): \(error)")
            }
        }
    }
}
