import Foundation
import Logging
import UpdraftCore
import UpdraftLoader
import UpdraftProtocol
import UpdraftRuntime
import UpdraftServer
import UpdraftStore
import UpdraftWire

/// The ``APIServer`` and tcp event bus (``EventPublisher``) that `standalone` runs, over a
/// bench's store, in this process without the scheduler's own load: what `bench api` and
/// `bench ui` time.
struct BenchAPIHost {
    /// The server's port on 127.0.0.1.
    let port: Int
    /// The bus the benches publish state changes on, as the scheduler does.
    let bus: EventPublisher
    private let loop: MessageLoop
    private let serving: Task<Void, any Error>

    /// Starts both over `store` (DAG definitions read from their files).
    static func start(store: any MetaStore, home: UpdraftHome, logger: Logger) async throws -> BenchAPIHost {
        let loop = MessageLoop(name: "bench-api-bus")
        let bus = try await EventPublisher(loop: loop, endpoints: ["tcp://127.0.0.1:0"], logger: logger)
        let catalog = DagCatalog { record in
            guard let file = record.fileLocation, case .success(let dag) = DagBag.loadFile(at: file) else { return nil }
            return dag
        }
        let backend = APIBackend(store: store, home: home, catalog: catalog, eventsEndpoint: await bus.endpoints[0])
        let server = try APIServer(host: "127.0.0.1", port: 0, backend: backend, auth: .none, logger: logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let serving = Task { try await server.run { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            serving.cancel()
            throw APIBenchError("the API server did not start")
        }
        return BenchAPIHost(port: port, bus: bus, loop: loop, serving: serving)
    }

    /// Stops the server, then the bus.
    func stop() async {
        serving.cancel()
        _ = await serving.result
        await bus.close()
        await loop.shutdown()
    }

    /// A task instance's state change `from` → `to`, as the scheduler publishes it.
    static func taskInstanceEvent(dagId: String, runId: String, taskId: String, from: TaskInstanceState,
                                  to: TaskInstanceState) -> WireStateChangeEvent {
        var e = WireStateChangeEvent()
        e.entity = .taskInstance
        e.dagID = dagId
        e.runID = runId
        e.taskID = taskId
        e.mapIndex = -1
        e.tryNumber = 1
        e.oldTaskState = from.wire
        e.newTaskState = to.wire
        e.timestampUnixUs = Int64(Date().timeIntervalSince1970 * 1e6)
        return e
    }
}
