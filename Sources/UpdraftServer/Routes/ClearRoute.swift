import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `POST /dags/{dag_id}/clearTaskInstances`: Airflow's clear, on one run.
enum ClearRoute {
    /// `{"dag_run_id": R, "task_ids": [...], "include_downstream": bool, "include_upstream":
    /// bool, "dry_run": bool}`: sets the instances back to `none` (the run back to queued) so
    /// the scheduler runs them again. No `task_ids`: every task of the run. When any selected
    /// instance is queued or running, 409 naming them and nothing is changed (a cleared
    /// running instance could run twice at once).
    static func clear(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id")
        let body = try await JSONBody.read(
            request, allowed: ["dag_run_id", "task_ids", "include_downstream", "include_upstream", "dry_run"])
        let runId = try body.string("dag_run_id", required: true) ?? ""
        let taskIds = try body.strings("task_ids")
        let downstream = try body.bool("include_downstream") ?? false
        let upstream = try body.bool("include_upstream") ?? false
        let dryRun = try body.bool("dry_run") ?? false

        let record = try await backend.requireDag(dagId)
        _ = try await backend.requireRun(dagId: dagId, runId: runId)
        let instances = try await backend.store.taskInstances(dagId: dagId, runId: runId)
        let inRun = Set(instances.map(\.id.taskId))
        let unknown = (taskIds ?? []).filter { !inRun.contains($0) }
        if !unknown.isEmpty {
            throw APIProblem.notFound("run '\(runId)' of DAG '\(dagId)' has no task "
                + unknown.map { "'\($0)'" }.joined(separator: ", "))
        }
        var selected = taskIds.map(Set.init) ?? inRun
        if (downstream || upstream) && taskIds != nil {
            guard let dag = await backend.catalog.definition(of: record) else {
                throw APIProblem.conflict("DAG '\(dagId)' has no readable definition (file \(record.fileLocation ?? "unknown")): "
                    + "cannot follow include_downstream/include_upstream")
            }
            let roots = selected
            if downstream { selected.formUnion(dag.downstreamTaskIds(of: roots)) }
            if upstream { selected.formUnion(dag.upstreamTaskIds(of: roots)) }
            selected.formIntersection(inRun)
        }
        let touched = instances.filter { selected.contains($0.id.taskId) }.sorted { $0.id < $1.id }
        let inFlight = touched.filter { $0.state == .queued || $0.state == .running }
        if !inFlight.isEmpty {
            throw APIProblem.conflict("cannot clear: " + inFlight.map { "'\($0.id.taskId)'\($0.id.mapIndex >= 0 ? "[\($0.id.mapIndex)]" : "") is \($0.state.rawValue)" }
                .joined(separator: ", ") + "; nothing was changed (wait for it to end)")
        }
        if !dryRun, !selected.isEmpty {
            _ = try await backend.store.clearTaskInstances(dagId: dagId, runId: runId, taskIds: selected)
        }
        let out = touched.map {
            APIWire.ClearedInstance(dagId: dagId, dagRunId: runId, taskId: $0.id.taskId, mapIndex: $0.id.mapIndex,
                                    state: $0.state.rawValue)
        }
        return try JSONResponse.make(APIWire.ClearResult(taskInstances: out, totalEntries: out.count, dryRun: dryRun))
    }
}
