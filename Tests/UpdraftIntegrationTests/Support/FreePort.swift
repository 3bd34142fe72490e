import Foundation

/// A TCP port on 127.0.0.1 that was free a moment ago (the kernel picked it for a socket
/// bound to port 0, then the socket was closed).
enum FreePort {
    /// A free port, or a fixed fallback in the dynamic range when the probe fails.
    static func next() -> Int {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return Int.random(in: 40_000...50_000) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return Int.random(in: 40_000...50_000) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return Int.random(in: 40_000...50_000) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// `tcp://127.0.0.1:<free port>`.
    static func endpoint() -> String { "tcp://127.0.0.1:\(next())" }
}
