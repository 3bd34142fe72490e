import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import UpdraftCore
import UpdraftStore

/// `GET .../taskInstances/{task_id}/logs/{try_number}/stream`: follows a try's log file as it
/// grows, as Server-Sent Events: `event: log` with `id` the byte offset after the chunk and
/// `data` the JSON of `GET .../logs/{try_number}` (`offset`, `next_offset`, `content`);
/// then, once the try has finished and every byte was sent, one `event: end` with the task
/// instance's state, and the stream closes. `Last-Event-ID` (or `?offset=N`) resumes from
/// that byte offset.
enum LogStreamRoutes {
    static var all: [APIRoute] {
        [APIRoute(.get, TaskInstanceRoutes.base + "/{task_id}/logs/{try_number}/stream", stream)]
    }

    /// How often the file and the task instance are looked at while nothing new came.
    static let poll: Duration = .milliseconds(50)
    static let keepAliveEvery = 300  // polls: 15 s

    static func stream(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = try RequestInput.path(context, "dag_id"), runId = try RequestInput.path(context, "dag_run_id")
        let taskId = try RequestInput.path(context, "task_id")
        try IdCheck.require(dagId, field: "dag_id")
        try IdCheck.require(runId, field: "dag_run_id")
        try IdCheck.require(taskId, field: "task_id")
        let tryText = try RequestInput.path(context, "try_number")
        guard let tryNumber = Int(tryText), tryNumber >= 1 else {
            throw APIProblem.badRequest("try_number must be an integer of 1 or more, not '\(tryText)'")
        }
        var offset = try RequestInput.int(request, "offset", default: 0, in: 0...Int(Int32.max)) ?? 0
        if let resume = try EventRoutes.lastEventId(request) {
            guard resume <= UInt64(Int32.max) else { throw APIProblem.badRequest("Last-Event-ID \(resume) is not a byte offset") }
            offset = Int(resume)
        }
        let ti = try await TaskInstanceRoutes.instance(request, context, backend)
        guard tryNumber <= ti.tryNumber else {
            throw APIProblem.notFound("task instance '\(ti.id)' has made \(ti.tryNumber) tr\(ti.tryNumber == 1 ? "y" : "ies"): "
                + "no try \(tryNumber)")
        }
        let file = backend.home.logFile(for: ti.id, tryNumber: tryNumber)
        if case .outside = try await LogReader.read(file, from: 0, inside: backend.home.logsFolder) {
            throw APIProblem.badRequest("the log path of '\(ti.id)' is outside the logs folder")
        }
        let id = ti.id, store = backend.store, logs = backend.home.logsFolder, start = offset, hub = backend.events
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let body = ResponseBody { writer in
            var offset = start
            var idle = 0
            while true {
                // Whether the try is over is read before the file, so that bytes written just
                // before it ended are still read below.
                let now = try await store.taskInstances(dagId: id.dagId, runId: id.runId).first { $0.id == id }
                let over = now.map { $0.tryNumber != tryNumber || !($0.state == .running || $0.state == .queued) } ?? true
                var sent = false
                while case .bytes(let bytes) = try await LogReader.read(file, from: offset, inside: logs), !bytes.isEmpty {
                    let log = APIWire.Log(dagId: id.dagId, dagRunId: id.runId, taskId: id.taskId, mapIndex: id.mapIndex,
                                          tryNumber: tryNumber, offset: offset, nextOffset: offset + bytes.count,
                                          content: String(decoding: bytes, as: UTF8.self))
                    offset += bytes.count
                    let json = String(decoding: try JSONEncoder.api.encode(log), as: UTF8.self)
                    try await writer.write(ByteBuffer(string: "id: \(offset)\nevent: log\ndata: \(json)\n\n"))
                    sent = true
                }
                let closed = await hub.isClosed
                if over || closed {
                    let state = now?.state.rawValue ?? "removed"
                    try await writer.write(ByteBuffer(string:
                        "id: \(offset)\nevent: end\ndata: {\"next_offset\":\(offset),\"state\":\"\(state)\",\"try_number\":\(tryNumber)}\n\n"))
                    break
                }
                idle = sent ? 0 : idle + 1
                if idle >= keepAliveEvery {
                    idle = 0
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
                try await Task.sleep(for: poll)
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
