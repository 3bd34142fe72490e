import SwiftProtobuf

/// Every message of the Updraft wire protocol, one case per type in `MessageKind`.
///
/// The payloads are the generated protobuf types from `Protocols/updraft/v1/updraft.proto`.
/// Send and receive them with `UpdraftCodec`:
/// ```swift
/// var hello = WireWorkerHello()
/// hello.workerID = "w1"; hello.queues = ["default"]; hello.capacity = 4
/// hello.minProtocolVersion = 1; hello.maxProtocolVersion = 1
/// let body = try UpdraftCodec().encodeBody(.workerHello(hello))
/// ```
public enum UpdraftMessage: Sendable, Hashable {
    /// A worker introduces itself (see `MessageKind.workerHello`).
    case workerHello(WireWorkerHello)
    /// The executor accepts a worker.
    case workerWelcome(WireWorkerWelcome)
    /// The executor refuses a worker.
    case workerReject(WireWorkerReject)
    /// A worker leaves.
    case workerGoodbye(WireWorkerGoodbye)
    /// Liveness, both ways.
    case heartbeat(WireHeartbeat)
    /// Run one rendered task instance.
    case taskDispatch(WireTaskDispatch)
    /// A task instance started on a worker.
    case taskStarted(WireTaskStarted)
    /// A piece of a task instance's stdout or stderr.
    case taskLogChunk(WireTaskLogChunk)
    /// A task instance ended.
    case taskFinished(WireTaskFinished)
    /// Stop a running task instance.
    case taskCancel(WireTaskCancel)
    /// Finish running work, take no more, leave.
    case workerDrain(WireWorkerDrain)
    /// Stop now.
    case workerShutdown(WireWorkerShutdown)
    /// A task-instance or DAG-run state change on the event bus.
    case stateChangeEvent(WireStateChangeEvent)
    /// Ask a stats endpoint for its counters.
    case statsRequest(WireStatsRequest)
    /// A stats endpoint's counters.
    case statsReply(WireStatsReply)

    /// The registry entry of this message (type code and name).
    public var kind: MessageKind {
        switch self {
        case .workerHello: .workerHello
        case .workerWelcome: .workerWelcome
        case .workerReject: .workerReject
        case .workerGoodbye: .workerGoodbye
        case .heartbeat: .heartbeat
        case .taskDispatch: .taskDispatch
        case .taskStarted: .taskStarted
        case .taskLogChunk: .taskLogChunk
        case .taskFinished: .taskFinished
        case .taskCancel: .taskCancel
        case .workerDrain: .workerDrain
        case .workerShutdown: .workerShutdown
        case .stateChangeEvent: .stateChangeEvent
        case .statsRequest: .statsRequest
        case .statsReply: .statsReply
        }
    }

    /// The protobuf payload, for code that treats every message alike (encoding, JSON).
    public var payload: any WireMessage {
        switch self {
        case .workerHello(let m): m
        case .workerWelcome(let m): m
        case .workerReject(let m): m
        case .workerGoodbye(let m): m
        case .heartbeat(let m): m
        case .taskDispatch(let m): m
        case .taskStarted(let m): m
        case .taskLogChunk(let m): m
        case .taskFinished(let m): m
        case .taskCancel(let m): m
        case .workerDrain(let m): m
        case .workerShutdown(let m): m
        case .stateChangeEvent(let m): m
        case .statsRequest(let m): m
        case .statsReply(let m): m
        }
    }
}
