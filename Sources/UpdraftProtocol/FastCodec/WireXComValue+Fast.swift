/// Hand-written protobuf codec of `XComValue` (fields 1-4).
extension WireXComValue: FastProtoMessage {
    var fastEncodedSize: Int {
        ProtoSize.string(taskID) + ProtoSize.string(key) + ProtoSize.sint32(mapIndex)
            + ProtoSize.bytes(json) + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        writer.string(1, taskID)
        writer.string(2, key)
        writer.sint32(3, mapIndex)
        writer.bytes(4, json)
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.delimited(1): taskID = try reader.string()
            case ProtoTag.delimited(2): key = try reader.string()
            case ProtoTag.varint(3): mapIndex = try reader.sint32()
            case ProtoTag.delimited(4): json = try reader.bytes()
            default: throw FastDecodeBail()
            }
        }
    }
}
