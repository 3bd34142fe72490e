import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import UpdraftCore

/// The HTTP API (`/api/v1`) over the metadata store the scheduler writes: inside
/// `updraft standalone` or as `updraft api-server` beside a scheduler running elsewhere.
///
/// With ``APIAuthMode/users`` (the default) every route but `GET /health` and
/// `POST /auth/login` needs a session cookie or a bearer token of a user whose role allows
/// it, and any address may be bound. With ``APIAuthMode/none`` everyone is an admin, so
/// ``init(host:port:backend:auth:logger:)`` refuses any address but a loopback one
/// (`127.0.0.1`, `::1`, `localhost`).
///
/// ```swift
/// let server = try APIServer(host: "127.0.0.1", port: 0, backend: backend, auth: .users)
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

    /// Whether credentials are asked for.
    public let auth: APIAuthMode

    /// A server for `backend` on `host:port`. Throws ``APIServerError`` for a port outside
    /// 0...65535, or a host that is not loopback with `auth` ``APIAuthMode/none``.
    public init(host: String = "127.0.0.1", port: Int = 8080, backend: APIBackend, auth: APIAuthMode = .users,
                logger: Logger = Logger(label: "updraft.api")) throws(APIServerError) {
        if let refusal = Self.refusal(host: host, auth: auth) { throw APIServerError(refusal) }
        guard (0...65535).contains(port) else {
            throw APIServerError("invalid API port \(port): must be 0 (a free port) to 65535")
        }
        self.host = host
        self.port = port
        var backend = backend
        backend.authenticator = APIAuthenticator(mode: auth)
        self.backend = backend
        self.auth = auth
        self.logger = logger
    }

    /// Why `host` may not be bound with `auth`, or nil when it may: without authentication
    /// only a loopback address is allowed.
    public static func refusal(host: String, auth: APIAuthMode) -> String? {
        guard auth == .none, !isLoopback(host) else { return nil }
        return "refusing to serve the API on '\(host)' without authentication (--api-auth none): anyone who can reach "
            + "it would be an admin. Bind 127.0.0.1, ::1 or localhost, or turn authentication on (--api-auth users) "
            + "and create users (updraft users create)"
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
        } onCancel: { [events = backend.events] in
            // Live streams never end by themselves: close them so the shutdown can finish.
            // Unstructured: cancellation handlers are synchronous; closing the streams is async.
            Task {
                await group.triggerGracefulShutdown()
                await events.shutdown()
            }
        }
    }

    static var version: String { UpdraftCore.UpdraftVersion.string }
}
