import Foundation
import UpdraftCore
import UpdraftProtocol
import UpdraftRuntime

/// One Server-Sent Event of `GET /events`: a task-instance or DAG-run state change from the
/// event bus (`id` its bus sequence number), or a state report read from the store on a
/// reconnect that the bus can no longer serve.
struct APIEvent: Sendable, Equatable {
    /// The bus sequence number (the SSE `id`).
    var sequence: UInt64
    /// The DAG, for the `dag_id` filter.
    var dagId: String
    /// `task_instance` or `dag_run` (the SSE `event`).
    var kind: String
    /// The JSON document (the SSE `data`).
    var json: String

    /// The event of a bus message.
    init(_ event: WireStateChangeEvent) {
        sequence = event.sequence
        dagId = event.dagID
        let isRun = event.entity == .dagRun
        kind = isRun ? "dag_run" : "task_instance"
        var object: [String: JSONValue] = [
            "dag_id": .string(event.dagID), "dag_run_id": .string(event.runID),
            "logical_date": Self.date(event.logicalDateUnixUs), "timestamp": Self.date(event.timestampUnixUs),
        ]
        if isRun {
            object["state"] = DagRunState(wire: event.newRunState).map { .string($0.rawValue) } ?? .null
            object["previous_state"] = DagRunState(wire: event.oldRunState).map { .string($0.rawValue) } ?? .null
        } else {
            object["task_id"] = .string(event.taskID)
            object["map_index"] = .int(Int64(event.mapIndex))
            object["try_number"] = .int(Int64(event.tryNumber))
            object["state"] = TaskInstanceState(wire: event.newTaskState).map { Self.state($0) } ?? .null
            object["previous_state"] = TaskInstanceState(wire: event.oldTaskState).map { Self.state($0) } ?? .null
        }
        json = (try? String(decoding: JSONEncoder.api.encode(JSONValue.object(object)), as: UTF8.self)) ?? "{}"
    }

    /// The event's bytes on the wire: `id`, `event` and one `data` line.
    func frame(id: UInt64? = nil) -> String {
        "id: \(id ?? sequence)\nevent: \(kind)\ndata: \(json)\n\n"
    }

    private static func state(_ state: TaskInstanceState) -> JSONValue {
        state == .none ? .null : .string(state.rawValue)
    }

    private static func date(_ unixMicros: Int64) -> JSONValue {
        guard unixMicros != 0 else { return .null }
        return APIWire.date(Date(timeIntervalSince1970: Double(unixMicros) / 1_000_000)).map(JSONValue.string) ?? .null
    }
}
