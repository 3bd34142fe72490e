extension FrameHeader {
    /// Parses a header frame straight from received bytes, without allocating.
    public init(parsingRaw frame: UnsafeRawBufferPointer) throws(FrameError) {
        guard frame.count == Self.size else {
            throw FrameError(.badHeader, "header frame is \(frame.count) bytes, expected \(Self.size)")
        }
        guard frame[0] == Self.magic.0, frame[1] == Self.magic.1 else {
            throw FrameError(.badHeader, "header frame does not start with the magic bytes \"UD\"")
        }
        version = UInt16(frame[2]) << 8 | UInt16(frame[3])
        messageType = UInt16(frame[4]) << 8 | UInt16(frame[5])
        flags = UInt16(frame[6]) << 8 | UInt16(frame[7])
    }

    /// Calls `body` with the 8 header bytes laid out on the stack (no allocation).
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let packed = UInt64(Self.magic.0) << 56 | UInt64(Self.magic.1) << 48
            | UInt64(version) << 32 | UInt64(messageType) << 16 | UInt64(flags)
        return try Swift.withUnsafeBytes(of: packed.bigEndian, body)
    }
}
