import Foundation
import Synchronization

/// A TCP port on 127.0.0.1 for a server that must be told its port before it starts:
/// chromedriver (`--port`), and the integration tests' clusters (the executor and the
/// event bus keep their port across scheduler restarts, so they cannot be bound to port 0).
///
/// Chosen *below* the kernel's ephemeral range (`ip_local_port_range`, 32768-60999 by
/// default): a port the kernel handed out for a probe socket is the same kind of port it
/// hands out as the source port of outgoing connections (workers, browsers, HTTP clients
/// of other tests), so one could take it between the probe and the scheduler's bind (seen
/// in CI: "bind failed ... Address already in use"). Below the range only explicit binds
/// use ports; each candidate is checked free by binding it, and no port is handed out twice
/// by this process.
public enum LoopbackPort {
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port that was free a moment ago, below the ephemeral range.
    public static func next() -> Int {
        let low = ephemeralLow()
        let range = 10_000...max(10_001, low - 1)
        for _ in 0..<200 {
            let port = Int.random(in: range)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            if canBind(port) { return port }
        }
        return Int.random(in: range)
    }

    /// `tcp://127.0.0.1:<free port>`.
    public static func endpoint() -> String { "tcp://127.0.0.1:\(next())" }

    /// The first port of the kernel's ephemeral range (32768 when it cannot be read).
    private static func ephemeralLow() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8),
              let first = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first,
              let low = Int(first), low > 10_001 else { return 32_768 }
        return low
    }

    /// Whether `port` on 127.0.0.1 can be bound now.
    private static func canBind(_ port: Int) -> Bool {
        #if os(Linux)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
