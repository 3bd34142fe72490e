import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// An in-process HTTP server on a free loopback port that notes when each POST arrived
/// (keyed by the JSON body's `run_id` and `task_id`): the far end of `bench notify`.
public final class WebhookReceiver: Sendable {
    /// One POST: when it arrived and the body's `run_id`/`task_id`.
    public struct Arrival: Sendable {
        public var at: Date
        public var runId: String
        public var taskId: String
    }

    /// The bound port.
    public let port: Int
    private let arrivals: SharedArrivals
    private let serving: Task<Void, any Error>
    private let group: ServiceGroup

    private init(port: Int, arrivals: SharedArrivals, serving: Task<Void, any Error>, group: ServiceGroup) {
        self.port = port
        self.arrivals = arrivals
        self.serving = serving
        self.group = group
    }

    /// `http://127.0.0.1:PORT/hook`.
    public var url: String { "http://127.0.0.1:\(port)/hook" }

    /// Every arrival so far.
    public var received: [Arrival] { arrivals.log.withLock { $0 } }

    /// Starts a receiver; returns once it listens.
    public static func start() async throws -> WebhookReceiver {
        let shared = SharedArrivals()
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            let now = Date()
            let body = try await request.body.collect(upTo: 1 << 20)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any]
            shared.append(Arrival(at: now, runId: object?["run_id"] as? String ?? "", taskId: object?["task_id"] as? String ?? ""))
            return .ok
        }
        var logger = Logger(label: "updraft.bench.webhook")
        logger.logLevel = .error
        let (listening, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let serving = Task { try await group.run() }
        var iterator = listening.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            serving.cancel()
            throw BenchError("the webhook receiver did not start")
        }
        return WebhookReceiver(port: port, arrivals: shared, serving: serving, group: group)
    }

    /// Waits until `count` POSTs arrived (at most `limit`); true when they did.
    public func waitFor(_ count: Int, limit: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while arrivals.log.withLock({ $0.count }) < count {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .microseconds(200))
        }
        return true
    }

    /// Stops the server.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
    }
}

/// The arrival log the route appends to (a `Mutex` in a class, so the route closure can share it).
final class SharedArrivals: Sendable {
    let log = Mutex<[WebhookReceiver.Arrival]>([])
    func append(_ a: WebhookReceiver.Arrival) { log.withLock { $0.append(a) } }
}
