import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// DAG runs: list, trigger, one, mark success/failed, delete.
enum DagRunRoutes {
    static var all: [APIRoute] {
        [
            APIRoute(.get, "/dags/{dag_id}/dagRuns", list),
            APIRoute(.post, "/dags/{dag_id}/dagRuns", trigger),
            APIRoute(.get, "/dags/{dag_id}/dagRuns/{dag_run_id}", get),
            APIRoute(.patch, "/dags/{dag_id}/dagRuns/{dag_run_id}", patch),
            APIRoute(.delete, "/dags/{dag_id}/dagRuns/{dag_run_id}", delete),
        ]
    }

    /// `?limit&offset&state=S` (repeatable): newest logical date first.
    static func list(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id")
        let page = try RequestInput.page(request)
        let names = RequestInput.list(request, "state")
        var states: Set<DagRunState>?
        if !names.isEmpty {
            states = Set(try names.map { name in
                guard let state = DagRunState(rawValue: name) else {
                    throw APIProblem.badRequest("query parameter 'state' must be one of "
                        + DagRunState.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(name)'")
                }
                return state
            })
        }
        _ = try await backend.requireDag(dagId)
        let runs = try await backend.store.dagRuns(dagId: dagId, states: states, limit: nil)
        return try JSONResponse.make(APIWire.DagRunCollection(
            dagRuns: RequestInput.slice(runs, page).map(APIWire.DagRun.init), totalEntries: runs.count))
    }

    /// `{"conf": {...}, "logical_date": "2026-03-01T06:00:00Z", "dag_run_id": "..."}`, every
    /// field optional; the same run `updraft dags trigger` creates (``ManualTrigger``). 409
    /// when the DAG has a run with that id or logical date.
    static func trigger(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id")
        let body = try await JSONBody.read(request, allowed: ["conf", "logical_date", "dag_run_id"])
        let conf = try body.object("conf") ?? [:]
        let runId = try body.string("dag_run_id")
        if let runId { try IdCheck.require(runId, field: "dag_run_id") }
        let logicalText = try body.string("logical_date")
        let record = try await backend.requireDag(dagId)
        let dag = await backend.catalog.definition(of: record)
        var logical: Date?
        if let logicalText {
            guard let date = ISOTimestamp.parse(logicalText, defaultTimeZone: dag?.timezone ?? TimeZone.utcZone) else {
                throw APIProblem.badRequest("field 'logical_date' must be an ISO-8601 date like 2026-03-01T06:00:00Z, "
                    + "not '\(logicalText)'")
            }
            logical = date
        }
        do {
            let run = try await ManualTrigger.trigger(in: backend.store, dagId: dagId, definition: dag, logicalDate: logical,
                                                      runId: runId, conf: conf, now: backend.now())
            return try JSONResponse.make(APIWire.DagRun(run), status: .ok)
        } catch let error as StoreError where error.code == .duplicateRun {
            throw APIProblem.conflict(error.message)
        }
    }

    static func get(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let run = try await backend.requireRun(dagId: try RequestInput.path(context, "dag_id"),
                                               runId: try RequestInput.path(context, "dag_run_id"))
        return try JSONResponse.make(APIWire.DagRun(run))
    }

    /// `{"state": "success" | "failed"}` on a finished run; 409 for a queued or running one
    /// (its scheduler drives it; nothing is changed).
    static func patch(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id"), runId = try RequestInput.path(context, "dag_run_id")
        let body = try await JSONBody.read(request, allowed: ["state"])
        let name = try body.string("state", required: true) ?? ""
        guard let state = DagRunState(rawValue: name), state.isFinished else {
            throw APIProblem.badRequest("field 'state' must be success or failed, not '\(name)'")
        }
        _ = try await backend.requireRun(dagId: dagId, runId: runId)
        try check(try await backend.store.markFinishedDagRun(dagId: dagId, runId: runId, state: state),
                  dagId: dagId, runId: runId, doing: "mark it \(state.rawValue)")
        return try JSONResponse.make(APIWire.DagRun(try await backend.requireRun(dagId: dagId, runId: runId)))
    }

    /// Deletes a finished run with its task instances and XComs; 409 for an active one.
    static func delete(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id"), runId = try RequestInput.path(context, "dag_run_id")
        _ = try await backend.requireRun(dagId: dagId, runId: runId)
        try check(try await backend.store.deleteFinishedDagRun(dagId: dagId, runId: runId),
                  dagId: dagId, runId: runId, doing: "delete it")
        return JSONResponse.noContent
    }

    private static func check(_ edit: FinishedRunEdit, dagId: String, runId: String, doing: String) throws {
        switch edit {
        case .done: return
        case .notFound: throw APIProblem.notFound("DAG '\(dagId)' has no run '\(runId)'")
        case .active(let state):
            throw APIProblem.conflict("run '\(runId)' of DAG '\(dagId)' is \(state.rawValue): a scheduler drives it, "
                + "so it cannot \(doing.hasPrefix("mark") ? "be marked" : "be deleted") now; nothing was changed (wait for it to end)")
        }
    }
}
