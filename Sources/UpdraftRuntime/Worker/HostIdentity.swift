#if canImport(Glibc)
import Glibc
#endif

/// This machine's hostname and this process's pid, read once (no DNS lookup).
enum HostIdentity {
    /// `gethostname()`, or "localhost" when it fails.
    static let hostname: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let name = String(decoding: bytes, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }()

    /// `getpid()`.
    static var pid: UInt32 { UInt32(getpid()) }

    /// Whether a process with `pid` exists on this host (`kill(pid, 0)`; a process of another
    /// user counts). A reused pid reads as alive: callers then wait as if it were theirs.
    static func isAlive(pid: Int) -> Bool {
        guard pid > 0, let p = Int32(exactly: pid) else { return false }
        return kill(p, 0) == 0 || errno == EPERM
    }
}
