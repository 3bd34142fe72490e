import SwiftProtobuf
import UpdraftWire

extension UpdraftMessage {
    /// Parses `body` as the protobuf message of `kind` and validates it.
    /// Throws `FrameError(.malformedBody)` naming the type and what was wrong.
    public static func decode(kind: MessageKind, body: [UInt8]) throws(FrameError) -> UpdraftMessage {
        switch kind {
        case .workerHello: .workerHello(try parse(body, kind))
        case .workerWelcome: .workerWelcome(try parse(body, kind))
        case .workerReject: .workerReject(try parse(body, kind))
        case .workerGoodbye: .workerGoodbye(try parse(body, kind))
        case .heartbeat: .heartbeat(try parse(body, kind))
        case .taskDispatch: .taskDispatch(try parse(body, kind))
        case .taskStarted: .taskStarted(try parse(body, kind))
        case .taskLogChunk: .taskLogChunk(try parse(body, kind))
        case .taskFinished: .taskFinished(try parse(body, kind))
        case .taskCancel: .taskCancel(try parse(body, kind))
        case .workerDrain: .workerDrain(try parse(body, kind))
        case .workerShutdown: .workerShutdown(try parse(body, kind))
        case .stateChangeEvent: .stateChangeEvent(try parse(body, kind))
        case .statsRequest: .statsRequest(try parse(body, kind))
        case .statsReply: .statsReply(try parse(body, kind))
        }
    }

    /// Wraps a payload of any wire type in its case, or nil when the type is not a
    /// top-level wire message (e.g. `WireTaskInstanceKey`).
    public init?(payload: any WireMessage) {
        switch payload {
        case let m as WireWorkerHello: self = .workerHello(m)
        case let m as WireWorkerWelcome: self = .workerWelcome(m)
        case let m as WireWorkerReject: self = .workerReject(m)
        case let m as WireWorkerGoodbye: self = .workerGoodbye(m)
        case let m as WireHeartbeat: self = .heartbeat(m)
        case let m as WireTaskDispatch: self = .taskDispatch(m)
        case let m as WireTaskStarted: self = .taskStarted(m)
        case let m as WireTaskLogChunk: self = .taskLogChunk(m)
        case let m as WireTaskFinished: self = .taskFinished(m)
        case let m as WireTaskCancel: self = .taskCancel(m)
        case let m as WireWorkerDrain: self = .workerDrain(m)
        case let m as WireWorkerShutdown: self = .workerShutdown(m)
        case let m as WireStateChangeEvent: self = .stateChangeEvent(m)
        case let m as WireStatsRequest: self = .statsRequest(m)
        case let m as WireStatsReply: self = .statsReply(m)
        default: return nil
        }
    }

    /// Parses one protobuf body, mapping every SwiftProtobuf error to `.malformedBody`.
    private static func parse<M: WireMessage>(_ body: [UInt8], _ kind: MessageKind) throws(FrameError) -> M {
        let message: M
        do {
            message = try M(serializedBytes: body)
        } catch {
            throw FrameError(.malformedBody, "\(kind.name): body is not a valid protobuf message (\(error))")
        }
        try message.validate(context: kind.name)
        return message
    }
}
