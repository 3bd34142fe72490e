import Foundation

/// Thrown by the hand-written decoders when the input is anything but the plain encoding
/// they handle (unknown field, wrong wire type, truncation, bad UTF-8, overlong varint):
/// the caller then parses the body with SwiftProtobuf, which keeps unknown fields and
/// reports errors exactly as before.
struct FastDecodeBail: Error {}

/// Reads protobuf wire format from a buffer, for the hand-written decoders.
struct ProtoReader {
    private var position: UnsafeRawPointer?
    private let end: UnsafeRawPointer?

    /// A reader over `bytes`.
    init(_ bytes: UnsafeRawBufferPointer) {
        position = bytes.baseAddress
        end = bytes.baseAddress.map { $0 + bytes.count }
    }

    /// True when every byte was read.
    var isAtEnd: Bool { position == end }

    @inline(__always)
    private var available: Int {
        guard let position, let end else { return 0 }
        return end - position
    }

    /// A varint, with SwiftProtobuf's limits: at most 10 bytes, bits past 64 dropped.
    @inline(__always)
    mutating func varint() throws(FastDecodeBail) -> UInt64 {
        guard var p = position, let end, p != end else { throw FastDecodeBail() }
        var byte = p.load(as: UInt8.self)
        p += 1
        if byte & 0x80 == 0 {
            position = p
            return UInt64(byte)
        }
        var value = UInt64(byte & 0x7F)
        var shift: UInt64 = 7
        while true {
            guard p != end, shift <= 63 else { throw FastDecodeBail() }
            byte = p.load(as: UInt8.self)
            p += 1
            value |= UInt64(byte & 0x7F) &<< shift
            if byte & 0x80 == 0 {
                position = p
                return value
            }
            shift &+= 7
        }
    }

    /// The next tag, `field << 3 | wireType`. Every field the fast path knows has a one-byte
    /// tag, so a longer tag (a higher field number or a padded encoding, which SwiftProtobuf
    /// limits in its own way) bails, as does field 0.
    @inline(__always)
    mutating func tag() throws(FastDecodeBail) -> UInt64 {
        guard let p = position, p != end else { throw FastDecodeBail() }
        let byte = p.load(as: UInt8.self)
        guard byte & 0x80 == 0, byte >> 3 != 0 else { throw FastDecodeBail() }
        position = p + 1
        return UInt64(byte)
    }

    /// The payload of a length-delimited field.
    @inline(__always)
    mutating func delimited() throws(FastDecodeBail) -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length < 0x7FFF_FFFF, length <= UInt64(available), let start = position else {
            throw FastDecodeBail()
        }
        position = start + Int(length)
        return UnsafeRawBufferPointer(start: start, count: Int(length))
    }

    /// A string field's value; invalid UTF-8 bails.
    @inline(__always)
    mutating func string() throws(FastDecodeBail) -> String {
        let bytes = try delimited()
        if bytes.isEmpty { return "" }
        guard let value = UTF8Text.string(bytes) else { throw FastDecodeBail() }
        return value
    }

    /// A bytes field's value.
    @inline(__always)
    mutating func bytes() throws(FastDecodeBail) -> Data {
        let bytes = try delimited()
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return Data() }
        return Data(bytes: base, count: bytes.count)
    }

    /// An int32 / enum value: the varint truncated to 32 bits, as SwiftProtobuf does.
    @inline(__always)
    mutating func int32() throws(FastDecodeBail) -> Int32 {
        Int32(truncatingIfNeeded: try varint())
    }

    /// A uint32 value: the varint truncated to 32 bits.
    @inline(__always)
    mutating func uint32() throws(FastDecodeBail) -> UInt32 {
        UInt32(truncatingIfNeeded: try varint())
    }

    /// An int64 value.
    @inline(__always)
    mutating func int64() throws(FastDecodeBail) -> Int64 {
        Int64(bitPattern: try varint())
    }

    /// A sint32 value (zigzag).
    @inline(__always)
    mutating func sint32() throws(FastDecodeBail) -> Int32 {
        let raw = UInt32(truncatingIfNeeded: try varint())
        return Int32(bitPattern: raw >> 1) ^ -Int32(bitPattern: raw & 1)
    }

    /// Merges a nested message field into `message` (protobuf merges repeated occurrences
    /// of a singular message field).
    @inline(__always)
    mutating func message<M: FastProtoMessage>(into message: inout M) throws(FastDecodeBail) {
        var nested = ProtoReader(try delimited())
        try message.fastMerge(from: &nested)
    }

    /// An enum value of type `E` (proto3 enums accept any value as `UNRECOGNIZED`).
    @inline(__always)
    mutating func enumValue<E: RawRepresentable>(_: E.Type) throws(FastDecodeBail) -> E where E.RawValue == Int {
        guard let value = E(rawValue: Int(try int32())) else { throw FastDecodeBail() }
        return value
    }
}

/// Tags as `ProtoReader.tag()` returns them, for `switch` cases.
enum ProtoTag {
    /// The tag of `field` with wire type varint.
    static func varint(_ field: UInt64) -> UInt64 { field << 3 }
    /// The tag of `field` with wire type length-delimited.
    static func delimited(_ field: UInt64) -> UInt64 { field << 3 | 2 }
}
