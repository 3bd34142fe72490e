/// Hand-written protobuf codec of `TaskLogChunk` (fields 1-4).
extension WireTaskLogChunk: FastProtoMessage {
    var fastEncodedSize: Int {
        (hasKey ? ProtoSize.delimited(key.fastEncodedSize) : 0)
            + ProtoSize.signed(Int64(stream.rawValue)) + ProtoSize.unsigned(sequence)
            + ProtoSize.bytes(data) + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        if hasKey { writer.message(1, key) }
        writer.signed(2, Int64(stream.rawValue))
        writer.unsigned(3, sequence)
        writer.bytes(4, data)
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.delimited(1): try reader.message(into: &key)
            case ProtoTag.varint(2): stream = try reader.enumValue(Stream.self)
            case ProtoTag.varint(3): sequence = try reader.varint()
            case ProtoTag.delimited(4): data = try reader.bytes()
            default: throw FastDecodeBail()
            }
        }
    }
}
