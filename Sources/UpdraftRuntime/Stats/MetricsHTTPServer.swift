#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A minimal HTTP/1.1 server for one thing: `GET /metrics` in the Prometheus text format.
///
/// Why not Hummingbird: the endpoint serves one path to one scraper every few seconds;
/// Hummingbird would bring swift-nio and a dozen packages (minutes of build on every CI
/// run, megabytes of binary) for that. This server is ~150 lines on one dedicated thread:
/// `poll` + `accept`, one request per connection (`Connection: close`), a 2 s receive
/// timeout and an 8 KiB head limit so a slow or hostile client cannot hold it, and a 4xx
/// with a clear sentence for anything but `GET /metrics` (``HTTPRequestHead``). Blocking
/// calls happen only on its own thread, never on the cooperative pool; the body is made
/// by an async closure the thread waits for.
public final class MetricsHTTPServer: Sendable {
    /// `http://HOST:PORT/metrics`.
    public let url: String
    /// The bound port.
    public let port: Int
    private let listener: Int32
    private let stopping = Atomic<Bool>(false)
    private let finished = Mutex<[CheckedContinuation<Void, Never>]?>([])

    /// Binds `host:port` (port 0 picks a free one) and starts serving `body()` at `/metrics`.
    /// Throws ``MetricsServerError`` naming the address and the system's reason.
    public init(host: String = "127.0.0.1", port: Int = 0, body: @escaping @Sendable () async -> String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw MetricsServerError("cannot create a socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            close(fd)
            throw MetricsServerError("'\(host)' is not an IPv4 address")
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw MetricsServerError("cannot listen on \(host):\(port): \(reason)")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
        url = "http://\(host):\(self.port)/metrics"
        let thread = Thread { [self] in serve(body) }
        thread.name = "updraft-metrics-http"
        thread.start()
    }

    /// Stops accepting and closes the listener; returns when the thread has ended.
    public func stop() async {
        stopping.store(true, ordering: .releasing)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = finished.withLock { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters?.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func serve(_ body: @escaping @Sendable () async -> String) {
        while !stopping.load(ordering: .acquiring) {
            var item = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&item, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            var timeout = timeval(tv_sec: 2, tv_usec: 0)
            setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            respond(on: client, body)
            close(client)
        }
        close(listener)
        let waiters = finished.withLock { waiters -> [CheckedContinuation<Void, Never>] in
            defer { waiters = nil }
            return waiters ?? []
        }
        for waiter in waiters { waiter.resume() }
    }

    private func respond(on client: Int32, _ body: @escaping @Sendable () async -> String) {
        guard let head = readHead(client) else {
            write(client, status: 400, text: "incomplete request: no blank line after the headers within 2 s\n")
            return
        }
        switch HTTPRequestHead.parse(head) {
        case .failure(let problem):
            let allow = problem.status == 405 ? "Allow: GET, HEAD\r\n" : ""
            write(client, status: problem.status, text: problem.message + "\n", extraHeaders: allow)
        case .success(let request):
            let text = Self.wait(for: body)
            write(client, status: 200, text: text, contentType: "text/plain; version=0.0.4; charset=utf-8",
                  omitBody: request.method == "HEAD")
        }
    }

    /// Reads until the blank line; nil on timeout or close; stops past the head limit.
    private func readHead(_ client: Int32) -> [UInt8]? {
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while head.count <= HTTPRequestHead.maxBytes {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            head.append(contentsOf: buffer[0..<count])
            if let end = Self.headEnd(head) { return Array(head[0..<end]) }
        }
        return head
    }

    static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }

    private func write(
        _ client: Int32, status: Int, text: String, contentType: String = "text/plain; charset=utf-8",
        extraHeaders: String = "", omitBody: Bool = false
    ) {
        let body = Array(text.utf8)
        let head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(body.count)\r\n\(extraHeaders)Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if !omitBody { bytes += body }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return }
            sent += n
        }
    }

    /// Runs `body` on the cooperative pool and waits for it on this (dedicated) thread.
    private static func wait(for body: @escaping @Sendable () async -> String) -> String {
        let result = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        // Unstructured: the bridge from the server's own thread into the cooperative pool (it waits on that thread, never on the pool).
        Task {
            let text = await body()
            result.withLock { $0 = text }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 } ?? ""
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 431: "Request Header Fields Too Large"
        default: "Error"
        }
    }
}

/// The metrics endpoint could not start.
public struct MetricsServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed and why.
    public var description: String
    init(_ description: String) { self.description = description }
}
