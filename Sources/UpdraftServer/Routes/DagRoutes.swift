import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `GET /dags`, `GET /dags/{dag_id}`, `PATCH /dags/{dag_id}`.
enum DagRoutes {
    static var all: [APIRoute] {
        [
            APIRoute(.get, "/dags", list),
            APIRoute(.get, "/dags/{dag_id}", get),
            APIRoute(.patch, "/dags/{dag_id}", patch),
        ]
    }

    /// How many recent runs a DAG lists.
    static let recentRuns = 5

    /// `?limit&offset&tags=a&tags=b&paused=true`: DAGs by dag_id; `tags` keeps DAGs with any
    /// of the tags. Served from the backend's response cache until the store changes.
    static func list(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let page = try RequestInput.page(request)
        let tags = Set(RequestInput.list(request, "tags"))
        let paused = try RequestInput.bool(request, "paused")
        return try await backend.cachedJSON(request) {
            var matching: [(DagRecord, Dag?)] = []
            for record in try await backend.store.dags().sorted(by: { $0.dagId < $1.dagId }) {
                if let paused, record.isPaused != paused { continue }
                let dag = await backend.catalog.definition(of: record)
                if !tags.isEmpty, !(dag?.tags ?? []).contains(where: tags.contains) { continue }
                matching.append((record, dag))
            }
            let shown = RequestInput.slice(matching, page)
            // One read for every DAG of the page (not two per DAG: on 2 loaded cores each read's
            // hop to the database queue costs more than the query).
            let digests = try await backend.store.runDigests(dagIds: shown.map(\.0.dagId), limit: recentRuns)
            let out = shown.map { record, dag in
                summary(record, dag, digests[record.dagId] ?? DagRunDigest(recent: [], latestScheduled: nil), backend)
            }
            return APIWire.DagCollection(dags: out, totalEntries: matching.count)
        }
    }

    static func get(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let record = try await backend.requireDag(try RequestInput.path(context, "dag_id"))
        let dag = await backend.catalog.definition(of: record)
        return try JSONResponse.make(APIWire.DagDetail(summary: try await summary(record, dag, backend), dag: dag))
    }

    /// `{"is_paused": true}`.
    static func patch(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id")
        let body = try await JSONBody.read(request, allowed: ["is_paused"])
        guard let paused = try body.bool("is_paused", required: true) else { throw APIProblem.badRequest("missing is_paused") }
        _ = try await backend.requireDag(dagId)
        try await backend.store.setPaused(dagId: dagId, paused)
        let record = try await backend.requireDag(dagId)
        return try JSONResponse.make(try await summary(record, await backend.catalog.definition(of: record), backend))
    }

    /// The summary: next scheduled run after the latest scheduled one, recent run states.
    static func summary(_ record: DagRecord, _ dag: Dag?, _ backend: APIBackend) async throws -> APIWire.DagSummary {
        let digest = try await backend.store.runDigests(dagIds: [record.dagId], limit: recentRuns)[record.dagId]
        return summary(record, dag, digest ?? DagRunDigest(recent: [], latestScheduled: nil), backend)
    }

    /// The summary from a digest already read.
    static func summary(_ record: DagRecord, _ dag: Dag?, _ digest: DagRunDigest, _ backend: APIBackend) -> APIWire.DagSummary {
        var next: DagRunInfo?
        if let dag {
            next = dag.timetable.nextRun(
                after: digest.latestScheduled.map { DataInterval(start: $0.dataIntervalStart, end: $0.dataIntervalEnd) },
                now: backend.now())
        }
        return APIWire.DagSummary(record: record, dag: dag, next: next, recent: digest.recent)
    }
}
