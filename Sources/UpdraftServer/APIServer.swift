import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UpdraftCore

/// The HTTP API (`/api/v1`) over the metadata store the scheduler writes: inside
/// `updraft standalone` or as `updraft api-server` beside a scheduler running elsewhere.
///
/// There is no authentication yet, so the server only binds a loopback address
/// (`127.0.0.1`, `::1`, `localhost`): ``init(host:port:backend:logger:)`` refuses any other.
///
/// ```swift
/// let server = try APIServer(host: "127.0.0.1", port: 0, backend: backend)
/// try await server.run { port in print("api: http://127.0.0.1:\(port)") }
/// ```
public struct APIServer: Sendable {
    /// The address to bind.
    public let host: String
    /// The port to bind (0: a free one, reported to `onListening`).
    public let port: Int
    /// What the routes read.
    public let backend: APIBackend
    let logger: Logger

    /// A server for `backend` on `host:port`. Throws ``APIServerError`` for a host that is not
    /// loopback or a port outside 0...65535.
    public init(host: String = "127.0.0.1", port: Int = 8080, backend: APIBackend,
                logger: Logger = Logger(label: "updraft.api")) throws(APIServerError) {
        guard Self.isLoopback(host) else {
            throw APIServerError("refusing to bind the API to '\(host)': it has no authentication yet, so it binds "
                + "only a loopback address (127.0.0.1, ::1 or localhost)")
        }
        guard (0...65535).contains(port) else {
            throw APIServerError("invalid API port \(port): must be 0 (a free port) to 65535")
        }
        self.host = host
        self.port = port
        self.backend = backend
        self.logger = logger
    }

    /// Whether `host` names the loopback interface.
    public static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" || host == "[::1]" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Every (method, path) the server serves, paths as the OpenAPI spec writes them
    /// (`/api/v1/dags/{dag_id}`).
    public static var routes: [(method: String, path: String)] {
        APIRoutes.all.map { ($0.method.rawValue, APIRoutes.prefix + $0.path) }
    }

    /// Serves until the task is cancelled, then shuts down gracefully (stops listening,
    /// lets requests in flight finish); calls `onListening` with the bound port once the
    /// socket listens. Throws when the address cannot be bound (in use, say).
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let bindHost = host == "[::1]" ? "::1" : host
        let app = Application(
            router: APIRoutes.router(backend: backend),
            configuration: .init(address: .hostname(bindHost, port: port), serverName: "updraft/\(APIServer.version)"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        // Cancelling a ServiceGroup cancels its services mid-request (and logs errors);
        // cancellation of this task becomes a graceful shutdown instead. The group runs in
        // its own task so that the caller's cancellation does not reach it directly.
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        let serving = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await serving.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }

    static var version: String { UpdraftCore.UpdraftVersion.string }
}
