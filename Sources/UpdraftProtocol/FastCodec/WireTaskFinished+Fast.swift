/// Hand-written protobuf codec of `TaskFinished` (fields 1-8; `exit_code` has presence).
extension WireTaskFinished: FastProtoMessage {
    var fastEncodedSize: Int {
        var size = (hasKey ? ProtoSize.delimited(key.fastEncodedSize) : 0)
            + ProtoSize.signed(Int64(state.rawValue)) + ProtoSize.string(errorMessage)
            + (hasExitCode ? 1 + ProtoSize.varint(UInt64(bitPattern: Int64(exitCode))) : 0)
            + ProtoSize.unsigned(durationUs) + ProtoSize.signed(endedAtUnixUs)
        for value in xcomOutputs { size += ProtoSize.delimited(value.fastEncodedSize) }
        for id in chosenTaskIds { size += ProtoSize.delimited(id.utf8.count) }
        return size + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        if hasKey { writer.message(1, key) }
        writer.signed(2, Int64(state.rawValue))
        writer.string(3, errorMessage)
        if hasExitCode {
            writer.tag(4, ProtoWriter.varintType)
            writer.varint(UInt64(bitPattern: Int64(exitCode)))
        }
        for value in xcomOutputs { writer.message(5, value) }
        writer.unsigned(6, durationUs)
        for id in chosenTaskIds { writer.alwaysString(7, id) }
        writer.signed(8, endedAtUnixUs)
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.delimited(1): try reader.message(into: &key)
            case ProtoTag.varint(2): state = try reader.enumValue(WireTaskState.self)
            case ProtoTag.delimited(3): errorMessage = try reader.string()
            case ProtoTag.varint(4): exitCode = try reader.int32()
            case ProtoTag.delimited(5):
                xcomOutputs.append(WireXComValue())  // decoded in place in the array
                try reader.message(into: &xcomOutputs[xcomOutputs.count - 1])
            case ProtoTag.varint(6): durationUs = try reader.varint()
            case ProtoTag.delimited(7): chosenTaskIds.append(try reader.string())
            case ProtoTag.varint(8): endedAtUnixUs = try reader.int64()
            default: throw FastDecodeBail()
            }
        }
    }
}
