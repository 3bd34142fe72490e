import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One Server-Sent Event as a client reads it.
struct SSEEvent: Sendable, Equatable {
    var id: String?
    var event: String?
    var data: String

    /// The data as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(data.utf8))) as? [String: Any] ?? [:]
    }
}

/// A real HTTP/1.1 client over a POSIX socket for `text/event-stream` answers (FoundationNetworking
/// on Linux has no streaming bytes API). Blocking reads run on their own thread, never on the
/// cooperative pool. The chunked framing is skipped, not decoded: the server writes each event
/// in one chunk, so chunk-size lines are lines that are none of `id:`, `event:`, `data:`, `:`.
final class SSEClient: Sendable {
    /// The status code of the answer.
    let status: Int
    /// The answer's headers (lowercased names).
    let headers: [String: String]
    private let fd: Int32
    private let received = Inbox()

    /// Events read and not yet taken, and whether the server closed the stream.
    final class Inbox: Sendable {
        let state = Mutex<(events: [SSEEvent], ended: Bool)>(([], false))
        func withLock<T>(_ body: (inout (events: [SSEEvent], ended: Bool)) -> T) -> T { state.withLock { body(&$0) } }
    }

    /// Opens `GET /api/v1\(path)` on 127.0.0.1:`port` with `headers`.
    init(port: Int, path: String, headers extra: [String: String] = [:]) async throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { Glibc.close(fd); throw SSEClientError("cannot connect to port \(port)") }
        var request = "GET /api/v1\(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        for (name, value) in extra { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        self.fd = fd
        let (head, headContinuation) = AsyncStream<(Int, [String: String], String)>.makeStream()
        let received = self.received
        Thread {
            var buffer = [UInt8]()
            var chunk = [UInt8](repeating: 0, count: 65_536)
            var headDone = false
            var pending = SSEEvent(id: nil, event: nil, data: "")
            var hasData = false
            while true {
                let n = recv(fd, &chunk, chunk.count, 0)
                if n <= 0 { break }
                buffer.append(contentsOf: chunk[0..<n])
                if !headDone {
                    guard let end = Self.find([13, 10, 13, 10], in: buffer) else { continue }
                    let text = String(decoding: buffer[0..<end], as: UTF8.self)
                    buffer.removeFirst(end + 4)
                    headDone = true
                    let lines = text.components(separatedBy: "\r\n")
                    let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
                    var fields: [String: String] = [:]
                    for line in lines.dropFirst() {
                        guard let colon = line.firstIndex(of: ":") else { continue }
                        fields[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    }
                    let body = fields["content-type"]?.hasPrefix("text/event-stream") == true ? "" : String(decoding: buffer, as: UTF8.self)
                    headContinuation.yield((status, fields, body))
                    headContinuation.finish()
                    if !body.isEmpty { break }
                }
                while let newline = buffer.firstIndex(of: 10) {
                    var line = String(decoding: buffer[0..<newline], as: UTF8.self)
                    buffer.removeFirst(newline + 1)
                    if line.hasSuffix("\r") { line.removeLast() }
                    if line.isEmpty {
                        if hasData { received.withLock { [pending] in $0.events.append(pending) } }
                        pending = SSEEvent(id: nil, event: nil, data: "")
                        hasData = false
                    } else if line.hasPrefix("id: ") {
                        pending.id = String(line.dropFirst(4))
                    } else if line.hasPrefix("event: ") {
                        pending.event = String(line.dropFirst(7))
                    } else if line.hasPrefix("data: ") {
                        pending.data += (hasData ? "\n" : "") + line.dropFirst(6)
                        hasData = true
                    }
                }
            }
            headContinuation.finish()
            received.withLock { $0.ended = true }
        }.start()
        var headIterator = head.makeAsyncIterator()
        guard let (status, fields, body) = await headIterator.next() else {
            Glibc.close(fd)
            throw SSEClientError("no answer from port \(port)")
        }
        self.status = status
        var all = fields
        all["body"] = body
        self.headers = all
    }

    /// The next event, or nil when the stream ended or `timeout` passed.
    func next(timeout: Duration = .seconds(10)) async -> SSEEvent? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let (event, ended) = received.withLock { state -> (SSEEvent?, Bool) in
                state.events.isEmpty ? (nil, state.ended) : (state.events.removeFirst(), false)
            }
            if let event { return event }
            if ended { return nil }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return nil
    }

    /// Whether the server closed the stream (after the events read so far).
    var ended: Bool { received.withLock { $0.events.isEmpty && $0.ended } }

    /// Closes the connection.
    func close() {
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}

struct SSEClientError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
