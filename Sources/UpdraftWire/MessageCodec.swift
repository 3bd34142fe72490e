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

    /// Encodes the body of `message` straight into the frame a port sends
    /// (`BodyFrame.write(count:_:)`, called once). Ports call this for every outbound message.
    /// The default encodes with `encodeBody(_:)` and copies the bytes; a codec that knows the
    /// encoded size first writes in place and saves an allocation and a copy per message.
    func encodeBody(_ message: Message, into frame: inout BodyFrame) throws

    /// Decodes a body frame of type `code`. Throws `FrameError` with `.unknownType` or
    /// `.malformedBody`.
    func decodeBody(_ body: [UInt8], type code: UInt16) throws(FrameError) -> Message

    /// Decodes a body frame of type `code` straight from the received bytes, which are
    /// valid only during the call (the port reads them in place, without a copy). Same
    /// errors as `decodeBody(_:type:)`. The default copies the bytes into an array and calls
    /// `decodeBody(_:type:)`; a codec that can parse from a buffer overrides it.
    func decodeBody(bytes body: UnsafeRawBufferPointer, type code: UInt16) throws(FrameError) -> Message

    /// Decodes a body (as `decodeBody(bytes:type:)`) and appends it to `batch` as an
    /// `Envelope`. Ports call this once per inbound message. The default is right for every
    /// codec; it exists as a requirement, with an `@inlinable` default, so that each concrete
    /// codec's conformance gets a specialised copy: the port itself is generic and not
    /// specialised across modules, and building and appending an `Envelope<Message>` there
    /// looked up generic metadata for every message.
    func appendEnvelope(
        decoding body: UnsafeRawBufferPointer, type code: UInt16, peer: PeerID?, topic: [UInt8]?,
        to batch: inout [Envelope<Message>]
    ) throws(FrameError)
}

extension MessageCodec {
    /// Encodes with `encodeBody(_:)` and copies the bytes into `frame`.
    public func encodeBody(_ message: Message, into frame: inout BodyFrame) throws {
        frame.write(try encodeBody(message))
    }

    /// Copies `body` into an array and decodes it with `decodeBody(_:type:)`.
    public func decodeBody(bytes body: UnsafeRawBufferPointer, type code: UInt16) throws(FrameError) -> Message {
        try decodeBody([UInt8](body), type: code)
    }

    /// Decodes `body` and appends `Envelope(message:peer:topic:)` to `batch`.
    @inlinable
    public func appendEnvelope(
        decoding body: UnsafeRawBufferPointer, type code: UInt16, peer: PeerID?, topic: [UInt8]?,
        to batch: inout [Envelope<Message>]
    ) throws(FrameError) {
        batch.append(Envelope(message: try decodeBody(bytes: body, type: code), peer: peer, topic: topic))
    }

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
