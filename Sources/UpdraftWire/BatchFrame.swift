/// Several messages in one ZeroMQ message (PROTOCOL.md §2, "Batches"): a header of type
/// ``messageType`` and version ``version``, then a body of records, each a 4-byte
/// big-endian length followed by that many bytes: a complete header and body. One
/// ZeroMQ message instead of N matters most on CurveZMQ links, where libzmq encrypts and
/// authenticates each frame on its own; a batch pays that once. A port sends batches only to
/// a peer that said it reads them (protocol version 2, ``WirePort/setBatching(_:for:)``), and
/// only for messages handed to it together (`send(contentsOf:)`): it never waits to fill one.
public enum BatchFrame {
    /// The batch's type code: 0xFFFF, reserved for the wire layer (no codec may use it).
    public static let messageType: UInt16 = 0xFFFF
    /// The header version a batch carries: the protocol version that introduced it.
    public static let version: UInt16 = 2
    /// A batch is closed, and a new one begun, past this many body bytes.
    public static let targetBytes = 64 * 1024
    /// Bytes of a record's length prefix.
    static let lengthBytes = 4

    /// Appends one record (`header` and `body`) to a batch body.
    public static func append(header: FrameHeader, body: UnsafeRawBufferPointer, to batch: inout [UInt8]) {
        let length = UInt32(FrameHeader.size + body.count)
        batch.append(UInt8(length >> 24))
        batch.append(UInt8((length >> 16) & 0xFF))
        batch.append(UInt8((length >> 8) & 0xFF))
        batch.append(UInt8(length & 0xFF))
        batch.append(contentsOf: header.bytes)
        batch.append(contentsOf: body)
    }

    /// Calls `each` with the header and body of every record of `body`, in order. Throws
    /// ``FrameError`` (`.badBatch`) for a record that runs past the end, is shorter than a
    /// header, or is itself a batch; records before it have been handed over.
    public static func forEachRecord(
        in body: UnsafeRawBufferPointer, _ each: (FrameHeader, UnsafeRawBufferPointer) throws(FrameError) -> Void
    ) throws(FrameError) {
        var offset = 0
        var index = 0
        while offset < body.count {
            guard body.count - offset >= lengthBytes else {
                throw FrameError(.badBatch, "record \(index) of the batch: \(body.count - offset) bytes left, too few for its length")
            }
            let length = Int(body[offset]) << 24 | Int(body[offset + 1]) << 16 | Int(body[offset + 2]) << 8 | Int(body[offset + 3])
            offset += lengthBytes
            guard length >= FrameHeader.size, length <= body.count - offset else {
                throw FrameError(.badBatch, "record \(index) of the batch says \(length) bytes; \(body.count - offset) are left and a header takes \(FrameHeader.size)")
            }
            let record = UnsafeRawBufferPointer(rebasing: body[offset..<(offset + length)])
            let header = try FrameHeader(parsingRaw: UnsafeRawBufferPointer(rebasing: record[0..<FrameHeader.size]))
            guard header.messageType != messageType else {
                throw FrameError(.badBatch, "record \(index) of the batch is itself a batch")
            }
            try each(header, UnsafeRawBufferPointer(rebasing: record[FrameHeader.size...]))
            offset += length
            index += 1
        }
    }
}
