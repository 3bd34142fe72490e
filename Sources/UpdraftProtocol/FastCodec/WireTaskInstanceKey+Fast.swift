/// Hand-written protobuf codec of `TaskInstanceKey` (fields 1-5).
extension WireTaskInstanceKey: FastProtoMessage {
    var fastEncodedSize: Int {
        ProtoSize.string(dagID) + ProtoSize.string(runID) + ProtoSize.string(taskID)
            + ProtoSize.sint32(mapIndex) + ProtoSize.unsigned(UInt64(tryNumber))
            + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        writer.string(1, dagID)
        writer.string(2, runID)
        writer.string(3, taskID)
        writer.sint32(4, mapIndex)
        writer.unsigned(5, UInt64(tryNumber))
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.delimited(1): dagID = try reader.string()
            case ProtoTag.delimited(2): runID = try reader.string()
            case ProtoTag.delimited(3): taskID = try reader.string()
            case ProtoTag.varint(4): mapIndex = try reader.sint32()
            case ProtoTag.varint(5): tryNumber = try reader.uint32()
            default: throw FastDecodeBail()
            }
        }
    }
}
