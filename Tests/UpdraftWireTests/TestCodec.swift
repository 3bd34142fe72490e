import UpdraftWire

/// Messages of the tiny codec the wire tests use (the real schema lives in UpdraftProtocol).
enum TestMessage: Sendable, Equatable {
    /// type 1: an 8-byte big-endian sequence number plus filler.
    case ping(UInt64, filler: Int = 0)
    /// type 2: UTF-8 text.
    case text(String)

    var sequence: UInt64? {
        if case .ping(let sequence, _) = self { return sequence }
        return nil
    }
}

/// Protocol version 1; type 1 = ping, type 2 = text. A ping body shorter than 8 bytes is malformed.
struct TestCodec: MessageCodec {
    var protocolVersion: UInt16 { 1 }

    func typeCode(of message: TestMessage) -> UInt16 {
        switch message {
        case .ping: 1
        case .text: 2
        }
    }

    func typeName(_ code: UInt16) -> String? {
        switch code {
        case 1: "ping"
        case 2: "text"
        default: nil
        }
    }

    func encodeBody(_ message: TestMessage) throws -> [UInt8] {
        switch message {
        case .ping(let sequence, let filler):
            withUnsafeBytes(of: sequence.bigEndian) { Array($0) } + [UInt8](repeating: 0xAB, count: filler)
        case .text(let text):
            Array(text.utf8)
        }
    }

    func decodeBody(_ body: [UInt8], type code: UInt16) throws(FrameError) -> TestMessage {
        switch code {
        case 1:
            guard body.count >= 8 else { throw FrameError(.malformedBody, "ping body is \(body.count) bytes, needs 8") }
            let sequence = body.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return .ping(sequence, filler: body.count - 8)
        case 2:
            return .text(String(decoding: body, as: UTF8.self))
        default:
            throw FrameError(.unknownType, "unknown message type \(code)")
        }
    }
}
