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
    /// Every protocol version this build can speak, for the handshake.
    public static let supportedVersions: ClosedRange<UInt16> = 1...1

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
        let payload = message.payload
        try payload.validate(context: message.kind.name)
        return try payload.serializedBytes(options: Self.encodingOptions)
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
