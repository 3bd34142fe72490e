import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// Task instances of a run: list, one, mark success/failed, its tries, its XComs.
enum TaskInstanceRoutes {
    static let base = "/dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances"

    static var all: [APIRoute] {
        [
            APIRoute(.get, base, list),
            APIRoute(.get, base + "/{task_id}", get),
            APIRoute(.patch, base + "/{task_id}", patch),
            APIRoute(.get, base + "/{task_id}/tries", tries),
            APIRoute(.get, base + "/{task_id}/xcomEntries", xcoms),
            APIRoute(.get, base + "/{task_id}/xcomEntries/{xcom_key}", xcom),
            APIRoute(.post, "/dags/{dag_id}/clearTaskInstances", ClearRoute.clear),
        ]
    }

    /// `?limit&offset`: by task id, then map index (from the response cache until the store
    /// changes).
    static func list(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id"), runId = try RequestInput.path(context, "dag_run_id")
        let page = try RequestInput.page(request)
        return try await backend.cachedJSON(request) {
            _ = try await backend.requireRun(dagId: dagId, runId: runId)
            let all = try await backend.store.taskInstances(dagId: dagId, runId: runId).sorted { $0.id < $1.id }
            return APIWire.TaskInstanceCollection(
                taskInstances: RequestInput.slice(all, page).map(APIWire.TaskInstance.init), totalEntries: all.count)
        }
    }

    /// `?map_index=N` for a mapped task (default -1: not mapped).
    static func get(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        try JSONResponse.make(APIWire.TaskInstance(try await instance(request, context, backend)))
    }

    /// `{"new_state": "success" | "failed", "dry_run": bool}` (Airflow's body), `?map_index=N`
    /// for a mapped task: marks the instance of a finished run; the run's state stays (PATCH
    /// the run to change it). 409 when the run is queued or running (its scheduler drives
    /// its instances; nothing changed). `dry_run` answers what would change, changing nothing.
    static func patch(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let body = try await JSONBody.read(request, allowed: ["new_state", "dry_run"])
        let name = try body.string("new_state", required: true) ?? ""
        guard let state = TaskInstanceState(rawValue: name), state == .success || state == .failed else {
            throw APIProblem.badRequest("field 'new_state' must be success or failed, not '\(name)'")
        }
        let dryRun = try body.bool("dry_run") ?? false
        var ti = try await instance(request, context, backend)
        let run = try await backend.requireRun(dagId: ti.id.dagId, runId: ti.id.runId)
        guard run.state.isFinished else {
            throw APIProblem.conflict("run '\(run.runId)' of DAG '\(run.dagId)' is \(run.state.rawValue): its scheduler drives "
                + "its task instances, so '\(ti.id.taskId)' cannot be marked now; nothing was changed (wait for the run to end)")
        }
        if !dryRun {
            switch try await backend.store.markFinishedTaskInstance(ti.id, state: state) {
            case .done: break
            case .notFound: throw APIProblem.notFound("task instance '\(ti.id)' is gone")
            case .active(let now):
                throw APIProblem.conflict("run '\(run.runId)' of DAG '\(run.dagId)' is \(now.rawValue) again: nothing was changed")
            }
        }
        ti.state = state
        return try JSONResponse.make(APIWire.TaskInstance(ti))
    }

    /// Tries 1...try_number; the store keeps the details of the latest only.
    static func tries(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let ti = try await instance(request, context, backend)
        let items = ti.tryNumber < 1 ? [] : (1..<ti.tryNumber).map { APIWire.TaskInstance(earlierTry: $0, of: ti) }
            + [APIWire.TaskInstance(ti)]
        return try JSONResponse.make(APIWire.TaskInstanceCollection(taskInstances: items, totalEntries: items.count))
    }

    static func xcoms(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let ti = try await instance(request, context, backend)
        let items = try await backend.store.xcoms(dagId: ti.id.dagId, runId: ti.id.runId)
            .filter { $0.id == ti.id }.sorted { $0.key < $1.key }.map(APIWire.XCom.init)
        return try JSONResponse.make(APIWire.XComCollection(xcomEntries: items, totalEntries: items.count))
    }

    static func xcom(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let ti = try await instance(request, context, backend)
        let key = try RequestInput.path(context, "xcom_key")
        guard let entry = try await backend.store.xcoms(dagId: ti.id.dagId, runId: ti.id.runId)
            .first(where: { $0.id == ti.id && $0.key == key }) else {
            throw APIProblem.notFound("task instance '\(ti.id)' has no XCom '\(key)'")
        }
        return try JSONResponse.make(APIWire.XCom(entry))
    }

    /// The instance the path and `?map_index` name, or a 404.
    static func instance(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> TaskInstanceRecord {
        let mapIndex = try RequestInput.int(request, "map_index", default: -1, in: -1...Int(Int32.max)) ?? -1
        return try await backend.requireInstance(
            dagId: try RequestInput.path(context, "dag_id"), runId: try RequestInput.path(context, "dag_run_id"),
            taskId: try RequestInput.path(context, "task_id"), mapIndex: mapIndex)
    }
}
