/// Hand-written protobuf codec of `TaskDispatch` (fields 1-15): `env` is written sorted by
/// key (SwiftProtobuf's deterministic ordering), `skip_on_exit_codes` packed, and both
/// packed and unpacked forms are read.
extension WireTaskDispatch: FastProtoMessage {
    var fastEncodedSize: Int {
        var size = hasKey ? ProtoSize.delimited(key.fastEncodedSize) : 0
        size += ProtoSize.signed(Int64(kind.rawValue))
        size += ProtoSize.string(command) + ProtoSize.string(callable)
        for (name, value) in env { size += ProtoSize.delimited(Self.envEntrySize(name, value)) }
        size += ProtoSize.string(cwd) + ProtoSize.unsigned(executionTimeoutMs)
        size += ProtoSize.string(queue) + ProtoSize.string(pool)
        for value in xcomInputs { size += ProtoSize.delimited(value.fastEncodedSize) }
        size += ProtoSize.unsigned(UInt64(maxInlineXcomBytes)) + ProtoSize.signed(logicalDateUnixUs)
        let codes = skipOnExitCodes
        if !codes.isEmpty { size += ProtoSize.delimited(Self.packedSize(codes)) }
        size += ProtoSize.bytes(mapItemJson) + ProtoSize.bytes(paramsJson)
        return size + unknownFields.data.count
    }

    func fastEncode(to writer: inout ProtoWriter) {
        if hasKey { writer.message(1, key) }
        writer.signed(2, Int64(kind.rawValue))
        writer.string(3, command)
        writer.string(4, callable)
        let env = env
        if !env.isEmpty {
            for (name, value) in env.sorted(by: { $0.key < $1.key }) {
                writer.delimitedHeader(5, count: Self.envEntrySize(name, value))
                writer.alwaysString(1, name)
                writer.alwaysString(2, value)
            }
        }
        writer.string(6, cwd)
        writer.unsigned(7, executionTimeoutMs)
        writer.string(8, queue)
        writer.string(9, pool)
        for value in xcomInputs { writer.message(10, value) }
        writer.unsigned(11, UInt64(maxInlineXcomBytes))
        writer.signed(12, logicalDateUnixUs)
        let codes = skipOnExitCodes
        if !codes.isEmpty {
            writer.delimitedHeader(13, count: Self.packedSize(codes))
            for code in codes { writer.varint(UInt64(bitPattern: Int64(code))) }
        }
        writer.bytes(14, mapItemJson)
        writer.bytes(15, paramsJson)
        writer.unknown(unknownFields.data)
    }

    mutating func fastMerge(from reader: inout ProtoReader) throws(FastDecodeBail) {
        // Repeated fields and the map are gathered locally: appending through the heap
        // storage's accessors would copy the collection each time.
        var env = env
        var xcomInputs = xcomInputs
        var codes = skipOnExitCodes
        while !reader.isAtEnd {
            switch try reader.tag() {
            case ProtoTag.delimited(1): try reader.message(into: &key)
            case ProtoTag.varint(2): kind = try reader.enumValue(Kind.self)
            case ProtoTag.delimited(3): command = try reader.string()
            case ProtoTag.delimited(4): callable = try reader.string()
            case ProtoTag.delimited(5):
                let (name, value) = try Self.readEnvEntry(from: &reader)
                env[name] = value
            case ProtoTag.delimited(6): cwd = try reader.string()
            case ProtoTag.varint(7): executionTimeoutMs = try reader.varint()
            case ProtoTag.delimited(8): queue = try reader.string()
            case ProtoTag.delimited(9): pool = try reader.string()
            case ProtoTag.delimited(10):
                xcomInputs.append(WireXComValue())  // decoded in place in the array
                try reader.message(into: &xcomInputs[xcomInputs.count - 1])
            case ProtoTag.varint(11): maxInlineXcomBytes = try reader.uint32()
            case ProtoTag.varint(12): logicalDateUnixUs = try reader.int64()
            case ProtoTag.varint(13): codes.append(try reader.int32())
            case ProtoTag.delimited(13):
                var packed = ProtoReader(try reader.delimited())
                while !packed.isAtEnd { codes.append(try packed.int32()) }
            case ProtoTag.delimited(14): mapItemJson = try reader.bytes()
            case ProtoTag.delimited(15): paramsJson = try reader.bytes()
            default: throw FastDecodeBail()
            }
        }
        if !env.isEmpty { self.env = env }
        if !xcomInputs.isEmpty { self.xcomInputs = xcomInputs }
        if !codes.isEmpty { skipOnExitCodes = codes }
    }

    /// Bytes of one map entry's payload: key (field 1) and value (field 2), both always written.
    private static func envEntrySize(_ name: String, _ value: String) -> Int {
        ProtoSize.delimited(name.utf8.count) + ProtoSize.delimited(value.utf8.count)
    }

    /// Bytes of the packed payload of `codes` (each sign-extended to 64 bits).
    private static func packedSize(_ codes: [Int32]) -> Int {
        var size = 0
        for code in codes { size += ProtoSize.varint(UInt64(bitPattern: Int64(code))) }
        return size
    }

    /// Reads one `env` entry; a missing key or value is "" (proto3 default).
    private static func readEnvEntry(from reader: inout ProtoReader) throws(FastDecodeBail) -> (String, String) {
        var entry = ProtoReader(try reader.delimited())
        var name = "", value = ""
        while !entry.isAtEnd {
            switch try entry.tag() {
            case ProtoTag.delimited(1): name = try entry.string()
            case ProtoTag.delimited(2): value = try entry.string()
            default: throw FastDecodeBail()
            }
        }
        return (name, value)
    }
}
