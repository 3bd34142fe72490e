/// Turns typed messages into `[header][body]` frames and back.
///
/// `UpdraftWire` moves bytes and counts them per message type; it knows nothing of
/// the message schema. `UpdraftProtocol` supplies the real codec (protobuf); tests may
/// supply small ones.
public protocol MessageCodec: Sendable {
    /// The typed message this codec carries.
    associatedtype Message: Sendable

    /// The protocol version written into every header and required of every inbound one.
    var protocolVersion: UInt16 { get }

    /// The type code written into the header for `message`.
    func typeCode(of message: Message) -> UInt16

    /// A stable, human-readable name for a type code (`"task_dispatch"`), or nil when
    /// the code is unknown. Counters and `updraft stats` use these names.
    func typeName(_ code: UInt16) -> String?

    /// Encodes the body frame of `message`.
    func encodeBody(_ message: Message) throws -> [UInt8]

    /// Decodes a body frame of type `code`. Throws `FrameError` with `.unknownType` or
    /// `.malformedBody`.
    func decodeBody(_ body: [UInt8], type code: UInt16) throws(FrameError) -> Message
}

extension MessageCodec {
    /// Validates a header frame against this codec: magic, version, known type.
    public func checkHeader(_ frame: some Collection<UInt8>) throws(FrameError) -> FrameHeader {
        let header = try FrameHeader(parsing: frame)
        guard header.version == protocolVersion else {
            throw FrameError(
                .wrongVersion,
                "protocol version \(header.version), this side speaks \(protocolVersion)")
        }
        guard typeName(header.messageType) != nil else {
            throw FrameError(.unknownType, "unknown message type \(header.messageType)")
        }
        return header
    }

    /// The header frame for `message`.
    public func header(for message: Message) -> FrameHeader {
        FrameHeader(version: protocolVersion, messageType: typeCode(of: message))
    }
}
