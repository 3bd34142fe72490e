import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import UpdraftRuntime
import UpdraftStore

/// `GET /events?dag_id=D`: task-instance and DAG-run state changes as Server-Sent Events,
/// from the scheduler's event bus, as they are committed.
///
/// Each event is `id: SEQ`, `event: task_instance|dag_run`, `data: {JSON}`. A client that
/// reconnects with `Last-Event-ID: SEQ` (browsers do it by themselves) first gets what the
/// server still holds after SEQ (the last 10,000 events); when it holds less (the server or
/// the scheduler restarted, or the client was away too long) it gets instead the current
/// state of the DAG's 20 latest runs read from the store (state reports: `previous_state`
/// equal to `state`, as the bus replays to sensors), then the live events. A comment line
/// every 15 s keeps proxies from closing an idle stream.
enum EventRoutes {
    static var all: [APIRoute] {
        [APIRoute(.get, "/events", events)]
    }

    static let keepAlive: Duration = .seconds(15)

    static func events(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let dagId = request.uri.queryParameters["dag_id"].map(String.init)
        if let dagId { _ = try await backend.requireDag(dagId) }
        let lastEventId = try Self.lastEventId(request)
        let hub = backend.events
        let (stream, listener, backlog) = await hub.open(dagId: dagId, after: lastEventId)
        let resumeId = await hub.lastSequence
        var reports: [String] = []
        if backlog == nil {
            var dags = [String]()
            if let dagId { dags = [dagId] } else { dags = try await backend.store.dags().map(\.dagId) }
            for dag in dags {
                for wire in await EventReplay.currentState(of: dag, in: backend.store, logger: context.logger) {
                    reports.append(APIEvent(wire).frame(id: resumeId))
                }
            }
        }
        let first = (backlog ?? []).map { $0.frame() } + reports
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        let body = ResponseBody { writer in
            // Unstructured: defer cannot await; the listener is closed right after.
            defer { Task { await hub.close(listener) } }
            try await writer.write(ByteBuffer(string: ": updraft events\(dagId.map { " of \($0)" } ?? "")\nretry: 1000\n\n"
                + first.joined()))
            try await SSEPump.pump(stream, keepAlive: keepAlive, into: &writer) { $0.frame() }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }

    /// `Last-Event-ID` (header) or `?last_event_id=`, a bus sequence number; 400 if malformed.
    static func lastEventId(_ request: Request) throws -> UInt64? {
        let text = request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.uri.queryParameters["last_event_id"].map(String.init)
        guard let text else { return nil }
        guard let id = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
            throw APIProblem.badRequest("Last-Event-ID must be an event id (a whole number of 0 or more), not '\(text.prefix(40))'")
        }
        return id
    }
}
