import Foundation
import Hummingbird
import Logging
import UpdraftCore
import UpdraftStore

/// What the routes read and change: the home's metadata store (the one the scheduler
/// writes), its logs folder, and the DAG definitions.
public struct APIBackend: Sendable {
    /// The metadata store.
    public let store: any MetaStore
    /// The home (logs folder).
    public let home: UpdraftHome
    /// DAG definitions for schedules, tags, tasks and edges.
    public let catalog: DagCatalog
    /// The clock (tests fix it).
    public let now: @Sendable () -> Date
    /// Who may call what; ``APIServer`` sets it from its ``APIAuthMode``.
    var authenticator = APIAuthenticator(mode: .none)
    /// The event bus as the live streams read it.
    let events: EventHub
    /// The scheduler's stats endpoint (`GET /stats`).
    let stats: StatsSource
    /// Encoded pages of the busiest read routes, until the store changes.
    let responses = ResponseCache()

    /// The JSON of `build()`, served from ``responses`` for this request's path and query
    /// while the store has not changed.
    func cachedJSON(_ request: Request, build: () async throws -> some Encodable) async throws -> Response {
        try await responses.json(request.uri.description, version: try await store.dataVersion(), build: build)
    }

    /// A backend over `store` in `home`; live streams (`GET /events`) read the event bus at
    /// `eventsEndpoint`, or, when nil, at the endpoint of the scheduler running for `home`
    /// (its `scheduler.json`, looked up again when a stream opens and none is connected);
    /// `GET /stats` asks `statsEndpoint`, or the running scheduler's, the same way.
    public init(store: any MetaStore, home: UpdraftHome, catalog: DagCatalog, eventsEndpoint: String? = nil,
                statsEndpoint: String? = nil, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.home = home
        self.catalog = catalog
        self.now = now
        stats = StatsSource.forHome(home, explicit: statsEndpoint)
        let infoFile = home.schedulerInfoFile
        events = EventHub(endpoint: {
            if let eventsEndpoint { return eventsEndpoint }
            guard let info = await RunningScheduler.info(infoFile), !info.eventsEndpoint.isEmpty else { return nil }
            return info.eventsEndpoint
        }, logger: Logger(label: "updraft.api.events"),
        security: { await RunningScheduler.clientSecurity(home: home, endpoint: $0, logger: Logger(label: "updraft.api.events")) })
    }

    /// The store's record of `dagId`, or a 404 naming it.
    func requireDag(_ dagId: String) async throws -> DagRecord {
        let all = try await store.dags()
        if let record = all.first(where: { $0.dagId == dagId }) { return record }
        let hint = Suggestion.closest(to: dagId, in: all.map(\.dagId)).map { " (did you mean '\($0)'?)" } ?? ""
        throw APIProblem.notFound("no DAG '\(dagId)' in the metadata store\(hint)")
    }

    /// The run, or a 404 naming the DAG and the run.
    func requireRun(dagId: String, runId: String) async throws -> DagRunRecord {
        _ = try await requireDag(dagId)
        guard let run = try await store.dagRun(dagId: dagId, runId: runId) else {
            throw APIProblem.notFound("DAG '\(dagId)' has no run '\(runId)'")
        }
        return run
    }

    /// The task instances of `taskId` in the run (several when mapped), or a 404.
    func requireInstances(dagId: String, runId: String, taskId: String) async throws -> [TaskInstanceRecord] {
        _ = try await requireRun(dagId: dagId, runId: runId)
        let all = try await store.taskInstances(dagId: dagId, runId: runId)
        let mine = all.filter { $0.id.taskId == taskId }
        guard !mine.isEmpty else {
            let hint = Suggestion.closest(to: taskId, in: Set(all.map(\.id.taskId))).map { " (did you mean '\($0)'?)" } ?? ""
            throw APIProblem.notFound("run '\(runId)' of DAG '\(dagId)' has no task '\(taskId)'\(hint)")
        }
        return mine.sorted { $0.id.mapIndex < $1.id.mapIndex }
    }

    /// The one instance of `taskId` at `mapIndex` (-1: not mapped), or a 404.
    func requireInstance(dagId: String, runId: String, taskId: String, mapIndex: Int) async throws -> TaskInstanceRecord {
        let all = try await requireInstances(dagId: dagId, runId: runId, taskId: taskId)
        guard let ti = all.first(where: { $0.id.mapIndex == mapIndex }) else {
            let indices = all.map(\.id.mapIndex).filter { $0 >= 0 }
            throw APIProblem.notFound(indices.isEmpty
                ? "task '\(taskId)' of run '\(runId)' is not mapped: no map_index \(mapIndex)"
                : "task '\(taskId)' of run '\(runId)' has no map_index \(mapIndex) (0...\(indices.max() ?? 0)); pass ?map_index=N")
        }
        return ti
    }
}
