import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A keep-alive HTTP/1.1 connection over a blocking POSIX socket, for the load threads of
/// `bench api` (never used on the cooperative pool). Not `Sendable`: one thread owns it.
final class BlockingHTTPConnection {
    private let fd: Int32
    private var buffer = [UInt8]()
    private var chunk = [UInt8](repeating: 0, count: 1 << 16)

    /// Connects to 127.0.0.1:`port` with TCP_NODELAY.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            throw APIBenchError("cannot connect to 127.0.0.1:\(port)")
        }
    }

    deinit { Glibc.close(fd) }

    /// `GET path`; returns the status and the body's size (the body needs a Content-Length).
    func get(_ path: String) throws -> (status: Int, bytes: Int) {
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        let sent = request.withCString { send(fd, $0, strlen($0), 0) }
        guard sent > 0 else { throw APIBenchError("send failed") }
        var headerEnd: Int?
        while headerEnd == nil {
            headerEnd = Self.find(buffer)
            if headerEnd == nil { try fill() }
        }
        let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
        }
        let total = headerEnd! + 4 + length
        while buffer.count < total { try fill() }
        buffer.removeFirst(total)
        return (status, length)
    }

    private func fill() throws {
        let n = recv(fd, &chunk, chunk.count, 0)
        guard n > 0 else { throw APIBenchError("connection closed") }
        buffer.append(contentsOf: chunk[0..<n])
    }

    private static func find(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i
        }
        return nil
    }
}

/// Why `bench api` could not run.
public struct APIBenchError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
