import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads `GET /api/v1/events` on its own thread and notes when each event id arrived
/// (monotonic nanoseconds), for the event-latency measurement of `bench api`.
final class SSEReader: Sendable {
    final class Arrivals: Sendable {
        let times = Mutex<[UInt64: UInt64]>([:])
    }

    let arrivals = Arrivals()
    private let fd: Int32

    init(port: Int, path: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw APIBenchError("cannot connect the SSE reader")
        }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        self.fd = fd
        let arrivals = self.arrivals
        Thread {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            var pending = [UInt8]()
            while true {
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { break }
                let now = DispatchTime.now().uptimeNanoseconds
                pending.append(contentsOf: chunk[0..<n])
                while let newline = pending.firstIndex(of: 10) {
                    let line = pending[0..<newline]
                    if line.starts(with: Array("id: ".utf8)),
                       let id = UInt64(String(decoding: line.dropFirst(4), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
                        arrivals.times.withLock { $0[id] = now }
                    }
                    pending.removeFirst(newline + 1)
                }
            }
        }.start()
    }

    /// When event `id` arrived, if it has.
    func arrival(of id: UInt64) -> UInt64? { arrivals.times.withLock { $0[id] } }

    /// Whether any event arrived.
    var any: Bool { arrivals.times.withLock { !$0.isEmpty } }

    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
