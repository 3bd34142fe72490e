/// What every fuzz entry point shares: the input as Swift values, and a check that stops
/// the fuzzer (libFuzzer records the input as a crash) when a property does not hold.
enum FuzzCheck {
    /// The fuzzer's input as bytes (libFuzzer may pass a null pointer with size 0).
    static func bytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
        guard let data, size > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// The fuzzer's input as text: invalid UTF-8 becomes U+FFFD, as when a file is read.
    static func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        String(decoding: bytes(data, size), as: UTF8.self)
    }

    /// Traps with `message` unless `condition` holds.
    static func require(
        _ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
        file: StaticString = #fileID, line: UInt = #line
    ) {
        if !condition() { fatalError("fuzz property failed: \(message())", file: file, line: line) }
    }
}
