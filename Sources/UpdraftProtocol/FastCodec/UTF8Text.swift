/// Turns the bytes of a protobuf string field into a `String`, rejecting invalid UTF-8
/// exactly as SwiftProtobuf does (its `UTF8.ForwardParser` check), without the generic
/// `String(validating:as:)` path, which looks up type metadata at run time on every call.
enum UTF8Text {
    /// The string, or nil when `bytes` is not valid UTF-8.
    @inline(__always)
    static func string(_ bytes: UnsafeRawBufferPointer) -> String? {
        let units = bytes.assumingMemoryBound(to: UInt8.self)
        if !isASCII(units) && !isValid(units) { return nil }
        return String(decoding: units, as: UTF8.self)
    }

    /// True when every byte is below 0x80 (checked eight bytes at a time).
    @inline(__always)
    static func isASCII(_ units: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = units.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        var high: UInt64 = 0
        while index + 8 <= units.count {
            high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < units.count {
            high |= UInt64(units[index])
            index += 1
        }
        return high & 0x8080_8080_8080_8080 == 0
    }

    /// Full UTF-8 validation, the same check SwiftProtobuf makes.
    static func isValid(_ units: UnsafeBufferPointer<UInt8>) -> Bool {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = units.makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .error: return false
            case .emptyInput: return true
            }
        }
    }
}
