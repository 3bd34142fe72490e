/// Hand-written protobuf codec of `Heartbeat` (fields 1-5).
extension WireHeartbeat: FastProtoMessage {
    var fastEncodedSize: Int {
        var size = ProtoSize.string(senderID) + ProtoSize.unsigned(sequence)
            + ProtoSize.unsigned(UInt64(busySlots)) + ProtoSize.signed(sentAtUnixUs)
        for key in running { size += ProtoSize.delimited(key.fastEncodedSize) }
        return size + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        writer.string(1, senderID)
        writer.unsigned(2, sequence)
        writer.unsigned(3, UInt64(busySlots))
        for key in running { writer.message(4, key) }
        writer.signed(5, sentAtUnixUs)
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.delimited(1): senderID = try reader.string()
            case ProtoTag.varint(2): sequence = try reader.varint()
            case ProtoTag.varint(3): busySlots = try reader.uint32()
            case ProtoTag.delimited(4):
                // Decoded in place in the array (no copy of the key).
                running.append(WireTaskInstanceKey())
                try reader.message(into: &running[running.count - 1])
            case ProtoTag.varint(5): sentAtUnixUs = try reader.int64()
            default: throw FastDecodeBail()
            }
        }
    }
}
