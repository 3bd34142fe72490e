import Foundation

/// Wall-clock timestamps for the messages the executor writes itself.
enum ExecutorTime {
    /// Microseconds since the Unix epoch, now.
    static func nowUnixMicros() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1_000_000).rounded())
    }
}
