import Foundation

/// Writes protobuf wire format into memory that `ProtoSize` sized beforehand.
///
/// It never checks bounds: the caller allocates exactly the size the message's
/// `fastEncodedSize` computed, and `FastProtobuf.encode` checks the end in debug builds.
/// The field helpers follow proto3 (a default value writes nothing), like SwiftProtobuf's
/// generated `traverse`; field numbers are below 16, so each tag is one byte.
struct ProtoWriter {
    /// Where the next byte goes.
    private(set) var cursor: UnsafeMutablePointer<UInt8>

    /// A writer starting at `start`.
    init(start: UnsafeMutablePointer<UInt8>) {
        cursor = start
    }

    /// Wire type 0: varint.
    static let varintType: UInt8 = 0
    /// Wire type 2: length-delimited.
    static let delimitedType: UInt8 = 2

    @inline(__always)
    mutating func byte(_ value: UInt8) {
        cursor.pointee = value
        cursor += 1
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            byte(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        byte(UInt8(value))
    }

    /// The one-byte tag of `field` (below 16) with `wireType`.
    @inline(__always)
    mutating func tag(_ field: UInt8, _ wireType: UInt8) {
        byte(field << 3 | wireType)
    }

    /// Tag and length of a length-delimited field whose payload follows.
    @inline(__always)
    mutating func delimitedHeader(_ field: UInt8, count: Int) {
        tag(field, Self.delimitedType)
        varint(UInt64(count))
    }

    /// Copies raw bytes.
    @inline(__always)
    mutating func raw(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(cursor).copyMemory(from: base, byteCount: bytes.count)
        cursor += bytes.count
    }

    /// A string field, written even when empty (map entries, repeated strings).
    @inline(__always)
    mutating func alwaysString(_ field: UInt8, _ value: String) {
        let utf8 = value.utf8
        delimitedHeader(field, count: utf8.count)
        let copied: Void? = utf8.withContiguousStorageIfAvailable { raw(UnsafeRawBufferPointer($0)) }
        if copied == nil {
            for unit in utf8 { byte(unit) }
        }
    }

    /// A string field; empty writes nothing.
    @inline(__always)
    mutating func string(_ field: UInt8, _ value: String) {
        if !value.isEmpty { alwaysString(field, value) }
    }

    /// A bytes field; empty writes nothing.
    @inline(__always)
    mutating func bytes(_ field: UInt8, _ value: Data) {
        guard !value.isEmpty else { return }
        delimitedHeader(field, count: value.count)
        value.withUnsafeBytes { raw($0) }
    }

    /// A uint64 / uint32 field (widened); 0 writes nothing.
    @inline(__always)
    mutating func unsigned(_ field: UInt8, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, Self.varintType)
        varint(value)
    }

    /// An int64 / int32 / enum field (sign-extended to 64 bits); 0 writes nothing.
    @inline(__always)
    mutating func signed(_ field: UInt8, _ value: Int64) {
        guard value != 0 else { return }
        tag(field, Self.varintType)
        varint(UInt64(bitPattern: value))
    }

    /// A sint32 field (zigzag); 0 writes nothing.
    @inline(__always)
    mutating func sint32(_ field: UInt8, _ value: Int32) {
        guard value != 0 else { return }
        tag(field, Self.varintType)
        varint(UInt64(ProtoSize.zigzag(value)))
    }

    /// A nested message field (written even when all its fields are default).
    @inline(__always)
    mutating func message<M: FastProtoMessage>(_ field: UInt8, _ value: M) {
        delimitedHeader(field, count: value.fastEncodedSize)
        value.fastEncode(to: &self)
    }

    /// The fields SwiftProtobuf kept as unknown when it decoded the message: written last,
    /// as SwiftProtobuf's `traverse` does.
    @inline(__always)
    mutating func unknown(_ data: Data) {
        if !data.isEmpty { data.withUnsafeBytes { raw($0) } }
    }
}
