import SwiftProtobuf
import UpdraftWire

extension UpdraftMessage {
    /// The protobuf JSON form of the payload (proto field names, as in the golden `.json`
    /// files, map keys sorted); for logs, tests and other languages' checks.
    public func jsonString() throws -> String {
        var options = JSONEncodingOptions()
        options.preserveProtoFieldNames = true
        options.useDeterministicOrdering = true
        return try payload.jsonString(options: options)
    }

    /// Parses the protobuf JSON form of a `kind` message and validates it.
    /// Throws `FrameError(.malformedBody)` when the JSON does not parse or misses fields.
    public init(kind: MessageKind, jsonString json: String) throws(FrameError) {
        let payload: any WireMessage
        do {
            payload = try kind.payloadType.init(jsonString: json)
        } catch {
            throw FrameError(.malformedBody, "\(kind.name): JSON does not parse (\(error))")
        }
        try payload.validate(context: kind.name)
        guard let message = UpdraftMessage(payload: payload) else {
            throw FrameError(.unknownType, "\(kind.name): no message case for \(type(of: payload))")
        }
        self = message
    }
}

extension MessageKind {
    /// The generated protobuf type carried by this kind.
    public var payloadType: any WireMessage.Type {
        switch self {
        case .workerHello: WireWorkerHello.self
        case .workerWelcome: WireWorkerWelcome.self
        case .workerReject: WireWorkerReject.self
        case .workerGoodbye: WireWorkerGoodbye.self
        case .heartbeat: WireHeartbeat.self
        case .taskDispatch: WireTaskDispatch.self
        case .taskStarted: WireTaskStarted.self
        case .taskLogChunk: WireTaskLogChunk.self
        case .taskFinished: WireTaskFinished.self
        case .taskCancel: WireTaskCancel.self
        case .workerDrain: WireWorkerDrain.self
        case .workerShutdown: WireWorkerShutdown.self
        case .stateChangeEvent: WireStateChangeEvent.self
        case .statsRequest: WireStatsRequest.self
        case .statsReply: WireStatsReply.self
        }
    }
}
