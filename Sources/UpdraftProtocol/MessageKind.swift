/// The registry of wire message types: one case per message, with its stable type code
/// (the header's `messageType`) and its stable name (used by counters and `updraft stats`).
///
/// Codes are grouped by purpose: 1x handshake, 2x liveness, 3x tasks, 4x worker control,
/// 5x event bus, 6x stats. A code is never reused or renumbered; a new message gets a new
/// code. The table is written out in `Protocols/PROTOCOL.md`.
///
/// ```swift
/// MessageKind(rawValue: 31)?.name        // "task_dispatch"
/// MessageKind(name: "heartbeat")?.rawValue // 20
/// ```
public enum MessageKind: UInt16, CaseIterable, Sendable, Hashable {
    /// `WireWorkerHello`, worker → executor.
    case workerHello = 10
    /// `WireWorkerWelcome`, executor → worker.
    case workerWelcome = 11
    /// `WireWorkerReject`, executor → worker.
    case workerReject = 12
    /// `WireWorkerGoodbye`, worker → executor.
    case workerGoodbye = 13
    /// `WireHeartbeat`, both ways.
    case heartbeat = 20
    /// `WireTaskDispatch`, executor → worker.
    case taskDispatch = 30
    /// `WireTaskStarted`, worker → executor.
    case taskStarted = 31
    /// `WireTaskLogChunk`, worker → executor.
    case taskLogChunk = 32
    /// `WireTaskFinished`, worker → executor.
    case taskFinished = 33
    /// `WireTaskCancel`, executor → worker.
    case taskCancel = 34
    /// `WireWorkerDrain`, executor → worker.
    case workerDrain = 40
    /// `WireWorkerShutdown`, executor → worker.
    case workerShutdown = 41
    /// `WireStateChangeEvent`, scheduler PUB → subscribers.
    case stateChangeEvent = 50
    /// `WireStatsRequest`, stats client → stats endpoint.
    case statsRequest = 60
    /// `WireStatsReply`, stats endpoint → stats client.
    case statsReply = 61

    /// The stable snake_case name of this type, e.g. `"task_dispatch"`.
    public var name: String {
        switch self {
        case .workerHello: "worker_hello"
        case .workerWelcome: "worker_welcome"
        case .workerReject: "worker_reject"
        case .workerGoodbye: "worker_goodbye"
        case .heartbeat: "heartbeat"
        case .taskDispatch: "task_dispatch"
        case .taskStarted: "task_started"
        case .taskLogChunk: "task_log_chunk"
        case .taskFinished: "task_finished"
        case .taskCancel: "task_cancel"
        case .workerDrain: "worker_drain"
        case .workerShutdown: "worker_shutdown"
        case .stateChangeEvent: "state_change_event"
        case .statsRequest: "stats_request"
        case .statsReply: "stats_reply"
        }
    }

    /// The kind whose `name` is `name`, or nil.
    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }

    /// The header type code of this kind (same as `rawValue`).
    public var code: UInt16 { rawValue }
}
