import UpdraftWire

/// A codec that carries the body bytes as they are: the same frames as the protobuf codec
/// on the wire, but no protobuf work. Measuring the full path with it separates what the
/// bridge costs (sockets, loop, queues, inbox) from what encoding and decoding cost.
struct BridgeOnlyCodec: MessageCodec {
    /// The message type code written into every header.
    let type: UInt16

    var protocolVersion: UInt16 { 1 }

    func typeCode(of message: [UInt8]) -> UInt16 { type }

    func typeName(_ code: UInt16) -> String? { code == type ? "bytes" : nil }

    func encodeBody(_ message: [UInt8]) throws -> [UInt8] { message }

    func decodeBody(_ body: [UInt8], type code: UInt16) throws(FrameError) -> [UInt8] {
        guard code == type else { throw FrameError(.unknownType, "unknown message type \(code)") }
        return body
    }
}
