/// Hand-written protobuf codec of `TaskStarted` (fields 1-5).
extension WireTaskStarted: FastProtoMessage {
    var fastEncodedSize: Int {
        (hasKey ? ProtoSize.delimited(key.fastEncodedSize) : 0)
            + ProtoSize.unsigned(UInt64(pid)) + ProtoSize.string(hostname)
            + ProtoSize.signed(startedAtUnixUs) + ProtoSize.string(workerID)
            + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        if hasKey { writer.message(1, key) }
        writer.unsigned(2, UInt64(pid))
        writer.string(3, hostname)
        writer.signed(4, startedAtUnixUs)
        writer.string(5, workerID)
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.delimited(1): try reader.message(into: &key)
            case ProtoTag.varint(2): pid = try reader.uint32()
            case ProtoTag.delimited(3): hostname = try reader.string()
            case ProtoTag.varint(4): startedAtUnixUs = try reader.int64()
            case ProtoTag.delimited(5): workerID = try reader.string()
            default: throw FastDecodeBail()
            }
        }
    }
}
