import Foundation

/// Encoded sizes of protobuf fields, matching what `ProtoWriter` writes.
///
/// Every field of the hand-coded messages has a number below 16, so its tag is one byte.
/// The `field` helpers follow proto3: a default value (0, empty) takes no bytes.
enum ProtoSize {
    /// Bytes of `value` as a base-128 varint (1...10).
    @inline(__always)
    static func varint(_ value: UInt64) -> Int {
        (70 - (value | 1).leadingZeroBitCount) / 7
    }

    /// Bytes of a length-delimited field (tag, length, payload) whose payload is `count` bytes.
    @inline(__always)
    static func delimited(_ count: Int) -> Int {
        1 + varint(UInt64(count)) + count
    }

    /// A string field; empty takes nothing.
    @inline(__always)
    static func string(_ value: String) -> Int {
        value.isEmpty ? 0 : delimited(value.utf8.count)
    }

    /// A bytes field; empty takes nothing.
    @inline(__always)
    static func bytes(_ value: Data) -> Int {
        value.isEmpty ? 0 : delimited(value.count)
    }

    /// A uint64 / uint32 field (widened); 0 takes nothing.
    @inline(__always)
    static func unsigned(_ value: UInt64) -> Int {
        value == 0 ? 0 : 1 + varint(value)
    }

    /// An int64 / int32 / enum field (sign-extended to 64 bits); 0 takes nothing.
    @inline(__always)
    static func signed(_ value: Int64) -> Int {
        value == 0 ? 0 : 1 + varint(UInt64(bitPattern: value))
    }

    /// A sint32 field (zigzag); 0 takes nothing.
    @inline(__always)
    static func sint32(_ value: Int32) -> Int {
        value == 0 ? 0 : 1 + varint(UInt64(zigzag(value)))
    }

    /// The zigzag mapping of sint32: 0, -1, 1, -2 ... become 0, 1, 2, 3 ...
    @inline(__always)
    static func zigzag(_ value: Int32) -> UInt32 {
        UInt32(bitPattern: (value &<< 1) ^ (value >> 31))
    }
}
