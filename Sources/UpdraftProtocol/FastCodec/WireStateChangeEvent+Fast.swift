/// Hand-written protobuf codec of `StateChangeEvent` (fields 1-13).
extension WireStateChangeEvent: FastProtoMessage {
    var fastEncodedSize: Int {
        var size = ProtoSize.signed(Int64(entity.rawValue))
        size += ProtoSize.string(dagID) + ProtoSize.string(runID) + ProtoSize.string(taskID)
        size += ProtoSize.sint32(mapIndex) + ProtoSize.unsigned(UInt64(tryNumber))
        size += ProtoSize.signed(Int64(oldTaskState.rawValue)) + ProtoSize.signed(Int64(newTaskState.rawValue))
        size += ProtoSize.signed(Int64(oldRunState.rawValue)) + ProtoSize.signed(Int64(newRunState.rawValue))
        size += ProtoSize.signed(logicalDateUnixUs) + ProtoSize.signed(timestampUnixUs)
        size += ProtoSize.unsigned(sequence)
        return size + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        writer.signed(1, Int64(entity.rawValue))
        writer.string(2, dagID)
        writer.string(3, runID)
        writer.string(4, taskID)
        writer.sint32(5, mapIndex)
        writer.unsigned(6, UInt64(tryNumber))
        writer.signed(7, Int64(oldTaskState.rawValue))
        writer.signed(8, Int64(newTaskState.rawValue))
        writer.signed(9, Int64(oldRunState.rawValue))
        writer.signed(10, Int64(newRunState.rawValue))
        writer.signed(11, logicalDateUnixUs)
        writer.signed(12, timestampUnixUs)
        writer.unsigned(13, sequence)
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.varint(1): entity = try reader.enumValue(Entity.self)
            case ProtoTag.delimited(2): dagID = try reader.string()
            case ProtoTag.delimited(3): runID = try reader.string()
            case ProtoTag.delimited(4): taskID = try reader.string()
            case ProtoTag.varint(5): mapIndex = try reader.sint32()
            case ProtoTag.varint(6): tryNumber = try reader.uint32()
            case ProtoTag.varint(7): oldTaskState = try reader.enumValue(WireTaskState.self)
            case ProtoTag.varint(8): newTaskState = try reader.enumValue(WireTaskState.self)
            case ProtoTag.varint(9): oldRunState = try reader.enumValue(WireDagRunState.self)
            case ProtoTag.varint(10): newRunState = try reader.enumValue(WireDagRunState.self)
            case ProtoTag.varint(11): logicalDateUnixUs = try reader.int64()
            case ProtoTag.varint(12): timestampUnixUs = try reader.int64()
            case ProtoTag.varint(13): sequence = try reader.varint()
            default: throw FastDecodeBail()
            }
        }
    }
}
