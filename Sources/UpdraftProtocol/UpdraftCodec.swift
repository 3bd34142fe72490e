import SwiftProtobuf
import UpdraftWire

/// The Updraft wire codec: protobuf bodies, the `MessageKind` registry for type codes,
/// protocol version 1.
///
/// Decoding never crashes on bad input: a body that protobuf cannot parse (truncated,
/// garbage, invalid UTF-8 in a string) or that misses a field the runtime needs (see
/// `WireMessage.collectProblems`) throws `FrameError(.malformedBody)`; an unknown type code
/// throws `FrameError(.unknownType)`. Encoding validates too, so a sender learns of a
/// missing field at once instead of its peer dropping the message.
///
/// ```swift
/// let codec = UpdraftCodec()
/// let frames = try codec.encodeFrames(.heartbeat(beat))        // [header, body]
/// let message = try codec.decodeFrames(header: frames[0], body: frames[1])
/// ```
public struct UpdraftCodec: MessageCodec {
    /// The typed message: one case per wire message type.
    public typealias Message = UpdraftMessage

    /// The protocol version this build speaks (and writes into every header).
    public static let currentVersion: UInt16 = 1
    /// Every protocol version this build can speak, for the handshake. Version 2 is version 1
    /// plus batches (PROTOCOL.md §2): after a welcome of version 2 either side may send
    /// several messages as one `BatchFrame`; every other header still carries version 1.
    public static let supportedVersions: ClosedRange<UInt16> = 1...2
    /// The first negotiated version whose peers read batches.
    public static let batchesFromVersion: UInt16 = 2

    /// The protocol version written into every header and required of every inbound one.
    public var protocolVersion: UInt16 { Self.currentVersion }

    /// Creates the codec.
    public init() {}

    /// The header type code of `message` (`MessageKind.rawValue`).
    public func typeCode(of message: UpdraftMessage) -> UInt16 {
        message.kind.rawValue
    }

    /// The registry name of `code` (`"task_dispatch"`), or nil when unknown.
    public func typeName(_ code: UInt16) -> String? {
        MessageKind(rawValue: code)?.name
    }

    /// Validates `message`, then encodes its protobuf body with map entries sorted by key,
    /// so equal messages always give equal bytes (the golden vectors rely on it).
    /// Throws `FrameError(.malformedBody)` naming the missing fields, or a SwiftProtobuf
    /// error (not expected in practice).
    public func encodeBody(_ message: UpdraftMessage) throws -> [UInt8] {
        var frame = BodyFrame()
        defer { frame.close() }
        try encodeBody(message, into: &frame)
        return frame.bytes
    }

    /// Validates `message` and encodes its body straight into the frame a port sends (the
    /// same bytes as `encodeBody(_:)`). The runtime's frequent messages are written in place
    /// by the hand-written encoder (FastCodec/: SwiftProtobuf's bytes, no visitor, no
    /// intermediate array); the rest go through SwiftProtobuf and the payload existential.
    public func encodeBody(_ message: UpdraftMessage, into frame: inout BodyFrame) throws {
        switch message {
        case .heartbeat(let body): try Self.encode(body, .heartbeat, into: &frame)
        case .taskDispatch(let body): try Self.encode(body, .taskDispatch, into: &frame)
        case .taskStarted(let body): try Self.encode(body, .taskStarted, into: &frame)
        case .taskLogChunk(let body): try Self.encode(body, .taskLogChunk, into: &frame)
        case .taskFinished(let body): try Self.encode(body, .taskFinished, into: &frame)
        case .stateChangeEvent(let body): try Self.encode(body, .stateChangeEvent, into: &frame)
        default:
            let payload = message.payload
            try payload.validate(context: message.kind.name)
            frame.write(try payload.serializedBytes(options: Self.encodingOptions))
        }
    }

    /// Validates one payload of a hot type and writes it into `frame` in place.
    private static func encode<Payload: WireMessage & FastProtoMessage>(
        _ payload: Payload, _ kind: MessageKind, into frame: inout BodyFrame
    ) throws {
        try payload.validate(context: kind.name)
        FastProtobuf.encode(payload, into: &frame)
    }

    /// Binary encoding options: deterministic map ordering.
    private static let encodingOptions: BinaryEncodingOptions = {
        var options = BinaryEncodingOptions()
        options.useDeterministicOrdering = true
        return options
    }()

    /// Decodes and validates a body of type `code`.
    public func decodeBody(_ body: [UInt8], type code: UInt16) throws(FrameError) -> UpdraftMessage {
        guard let kind = MessageKind(rawValue: code) else {
            throw FrameError(.unknownType, "unknown message type \(code)")
        }
        return try UpdraftMessage.decode(kind: kind, body: body)
    }

    /// Decodes and validates a body of type `code` straight from received bytes (no copy);
    /// same results and errors as `decodeBody(_:type:)`.
    public func decodeBody(bytes body: UnsafeRawBufferPointer, type code: UInt16) throws(FrameError) -> UpdraftMessage {
        guard let kind = MessageKind(rawValue: code) else {
            throw FrameError(.unknownType, "unknown message type \(code)")
        }
        // The frequent messages parse in place with the hand-written decoder; the rest are
        // copied and take the common path.
        switch kind {
        case .heartbeat: return .heartbeat(try Self.parse(body, kind))
        case .taskDispatch: return .taskDispatch(try Self.parse(body, kind))
        case .taskStarted: return .taskStarted(try Self.parse(body, kind))
        case .taskLogChunk: return .taskLogChunk(try Self.parse(body, kind))
        case .taskFinished: return .taskFinished(try Self.parse(body, kind))
        case .stateChangeEvent: return .stateChangeEvent(try Self.parse(body, kind))
        default: return try UpdraftMessage.decode(kind: kind, body: [UInt8](body))
        }
    }

    /// Decodes a body in place and appends its envelope to `batch` (what ports call per
    /// inbound message; implemented here so it is compiled for `UpdraftMessage`).
    public func appendEnvelope(
        decoding body: UnsafeRawBufferPointer, type code: UInt16, peer: PeerID?, topic: [UInt8]?,
        to batch: inout [Envelope<UpdraftMessage>]
    ) throws(FrameError) {
        batch.append(Envelope(message: try decodeBody(bytes: body, type: code), peer: peer, topic: topic))
    }

    /// Parses one protobuf payload from `body` in place and validates it. The hand-written
    /// decoder reads the plain encodings; a body it leaves alone (unknown fields, malformed,
    /// unusual) is parsed by SwiftProtobuf, so unknown fields are kept and every error is
    /// the same `.malformedBody` (the same text as `UpdraftMessage.decode`) as before.
    private static func parse<Payload: WireMessage & FastProtoMessage>(_ body: UnsafeRawBufferPointer, _ kind: MessageKind) throws(FrameError) -> Payload {
        let payload: Payload
        if let fast = FastProtobuf.decode(Payload.self, from: body) {
            payload = fast
        } else {
            do {
                payload = try Payload(serializedBytes: RawSpan(_unsafeBytes: body))
            } catch {
                throw FrameError(.malformedBody, "\(kind.name): body is not a valid protobuf message (\(error))")
            }
        }
        try payload.validate(context: kind.name)
        return payload
    }

    /// The header and body frames of `message`.
    public func encodeFrames(_ message: UpdraftMessage) throws -> [[UInt8]] {
        [header(for: message).bytes, try encodeBody(message)]
    }

    /// Checks `header` (magic, version, known type) and decodes `body` by it.
    public func decodeFrames(
        header: some Collection<UInt8>, body: [UInt8]
    ) throws(FrameError) -> UpdraftMessage {
        let parsed = try checkHeader(header)
        return try decodeBody(body, type: parsed.messageType)
    }
}
