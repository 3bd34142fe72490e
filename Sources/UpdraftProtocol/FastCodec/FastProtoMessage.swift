import Foundation
import SwiftProtobuf
import UpdraftWire

/// A wire message with a hand-written protobuf encoder and decoder that produce exactly
/// SwiftProtobuf's bytes (field order, proto3 default omission, packed repeated, sorted
/// map keys, unknown fields last) without its generic visitor.
protocol FastProtoMessage: SwiftProtobuf.Message {
    /// The exact number of bytes `fastEncode(to:)` writes.
    var fastEncodedSize: Int { get }
    /// Writes the message's fields (no length prefix).
    func fastEncode(to writer: inout ProtoWriter)
    /// Reads fields until `reader` is at its end, merging them into `self`; throws
    /// `FastDecodeBail` on anything the fast path leaves to SwiftProtobuf.
    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail)
}

/// Entry points of the hand-written codec.
enum FastProtobuf {
    /// The protobuf bytes of `message`, identical to SwiftProtobuf's deterministic encoding
    /// (an array copy of what `encode(_:into:)` writes; the tests compare the two encoders).
    static func encode<M: FastProtoMessage>(_ message: M) -> [UInt8] {
        var frame = BodyFrame()
        defer { frame.close() }
        encode(message, into: &frame)
        return frame.bytes
    }

    /// Writes the protobuf bytes of `message` straight into `frame`, in one exact-size buffer.
    static func encode<M: FastProtoMessage>(_ message: M, into frame: inout BodyFrame) {
        let size = message.fastEncodedSize
        frame.write(count: size) { buffer in
            guard let raw = buffer.baseAddress, size > 0 else { return }
            let start = raw.bindMemory(to: UInt8.self, capacity: size)
            var writer = ProtoWriter(start: start)
            message.fastEncode(to: &writer)
            precondition(writer.cursor == start + size, "FastProtobuf: \(M.protoMessageName) wrote a size other than computed")
        }
    }

    /// The message in `bytes`, or nil when the body needs SwiftProtobuf (unknown fields,
    /// unusual or malformed encoding): the caller then parses it the general way.
    static func decode<M: FastProtoMessage>(_: M.Type, from bytes: UnsafeRawBufferPointer) -> M? {
        var reader = ProtoReader(bytes)
        var message = M()
        do {
            try message.fastMerge(from: &reader)
        } catch {
            return nil
        }
        return message
    }
}
