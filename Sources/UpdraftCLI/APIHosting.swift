import Foundation
import Logging
import UpdraftServer
import UpdraftStore

/// Starting the HTTP API for `standalone`, `scheduler` and `api-server`: the backend over
/// the home's store (DAG definitions as the other commands read them), and a server task
/// that reports its port or why it could not bind.
enum APIHosting {
    /// A running API server: its URL and the task serving it (cancel it to stop gracefully).
    struct Running: Sendable {
        var url: String
        var auth: APIAuthMode
        var task: Task<Void, any Error>

        /// Stops the server and waits until it has.
        /// What the banner prints after the URL.
        var authNote: String {
            auth == .none ? "auth: none (loopback only)" : "auth: users and tokens"
        }

        func stop() async {
            task.cancel()
            _ = await task.result
        }
    }

    /// Opens the store at `location` and starts an ``APIServer`` on `plan`; an error (cannot
    /// open the store, bad host, address in use) is thrown naming the address.
    /// Live streams read the event bus at `eventsEndpoint`, and `GET /stats` the stats
    /// endpoint at `statsEndpoint`, or the home's running scheduler's.
    static func start(_ plan: APIOptions.Plan, home: UpdraftHome, store location: StoreLocation,
                      eventsEndpoint: String? = nil, statsEndpoint: String? = nil, logger: Logger) async throws -> Running {
        let store = try await location.open()
        let backend = APIBackend(store: store, home: home, catalog: DagCatalog { RunHomeAccess.definition(of: $0) },
                                 eventsEndpoint: eventsEndpoint, statsEndpoint: statsEndpoint)
        let server = try APIServer(host: plan.host, port: plan.port, backend: backend, auth: plan.auth, logger: logger)
        let (started, continuation) = AsyncStream.makeStream(of: Result<Int, any Error>.self)
        // Unstructured: the server runs until Running.stop() cancels and awaits this task.
        let task = Task {
            do {
                try await server.run { port in continuation.yield(.success(port)) }
                continuation.finish()
            } catch {
                continuation.yield(.failure(error))
                throw error
            }
        }
        var iterator = started.makeAsyncIterator()
        switch await iterator.next() {
        case .success(let port)?:
            let host = plan.host.contains(":") && !plan.host.hasPrefix("[") ? "[\(plan.host)]" : plan.host
            return Running(url: "http://\(host):\(port)", auth: plan.auth, task: task)
        case .failure(let error)?:
            throw APIHostingError("cannot serve the HTTP API on \(plan.host):\(plan.port): \(error)")
        case nil:
            throw APIHostingError("the HTTP API on \(plan.host):\(plan.port) stopped before it listened")
        }
    }
}

/// Why the API could not start.
struct APIHostingError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
