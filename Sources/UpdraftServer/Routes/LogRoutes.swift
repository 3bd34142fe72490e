import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `GET .../taskInstances/{task_id}/logs/{try_number}?offset=N&map_index=M`: the bytes of a
/// try's log after byte `offset` (for tailing: ask again from `next_offset`).
enum LogRoutes {
    static var all: [APIRoute] {
        [APIRoute(.get, TaskInstanceRoutes.base + "/{task_id}/logs/{try_number}", log)]
    }

    static func log(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id"), runId = try RequestInput.path(context, "dag_run_id")
        let taskId = try RequestInput.path(context, "task_id")
        // Ids become folder names: refuse anything that could climb out before touching the store.
        try IdCheck.require(dagId, field: "dag_id")
        try IdCheck.require(runId, field: "dag_run_id")
        try IdCheck.require(taskId, field: "task_id")
        let tryText = try RequestInput.path(context, "try_number")
        guard let tryNumber = Int(tryText), tryNumber >= 1 else {
            throw APIProblem.badRequest("try_number must be an integer of 1 or more, not '\(tryText)'")
        }
        let offset = try RequestInput.int(request, "offset", default: 0, in: 0...Int(Int32.max)) ?? 0
        let ti = try await TaskInstanceRoutes.instance(request, context, backend)
        guard tryNumber <= ti.tryNumber else {
            throw APIProblem.notFound("task instance '\(ti.id)' has made \(ti.tryNumber) tr\(ti.tryNumber == 1 ? "y" : "ies"): "
                + "no try \(tryNumber)")
        }
        let file = backend.home.logFile(for: ti.id, tryNumber: tryNumber)
        var bytes: [UInt8]
        switch try await LogReader.read(file, from: offset, inside: backend.home.logsFolder) {
        case .bytes(let read): bytes = read
        case .outside: throw APIProblem.badRequest("the log path of '\(ti.id)' is outside the logs folder")
        case .missing:
            // A try that succeeded without output writes no file.
            guard tryNumber == ti.tryNumber, ti.state.isFinished else {
                throw APIProblem.notFound("no log for try \(tryNumber) of '\(ti.id)' (not written yet, removed by "
                    + "retention, or written on another machine)")
            }
            bytes = []
        }
        return try JSONResponse.make(APIWire.Log(
            dagId: dagId, dagRunId: runId, taskId: taskId, mapIndex: ti.id.mapIndex, tryNumber: tryNumber,
            offset: offset, nextOffset: offset + bytes.count, content: String(decoding: bytes, as: UTF8.self)))
    }
}
