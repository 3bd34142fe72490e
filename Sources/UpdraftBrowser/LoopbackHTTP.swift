import Dispatch
import Foundation

/// A minimal HTTP/1.1 client for chromedriver on 127.0.0.1. Foundation's URLSession on
/// Linux refuses chromedriver's answers ("Failed writing header": it writes `Name:value`
/// without a space), so this one speaks the protocol over a plain socket: one request per
/// connection (`Connection: close`), the body read to the end. The blocking socket calls
/// run on a dispatch queue, never on a thread of Swift's cooperative pool.
enum LoopbackHTTP {
    /// Sends `method path` with an optional JSON body; the status code and the body.
    static func send(port: Int, method: String, path: String, body: Data?) async throws -> (status: Int, body: Data) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(with: Result { try blocking(port: port, method: method, path: path, body: body) })
            }
        }
    }

    private static func blocking(port: Int, method: String, path: String, body: Data?) throws -> (status: Int, body: Data) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw WebDriver.Failure(description: "socket() failed") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw WebDriver.Failure(description: "cannot connect to 127.0.0.1:\(port)") }
        let payload = body ?? Data()
        var request = Data("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n".utf8)
        if body != nil { request += Data("Content-Type: application/json\r\n".utf8) }
        request += Data("Content-Length: \(payload.count)\r\n\r\n".utf8) + payload
        try request.withUnsafeBytes { raw in
            var sent = 0
            while sent < raw.count {
                let n = write(fd, raw.baseAddress! + sent, raw.count - sent)
                guard n > 0 else { throw WebDriver.Failure(description: "write to 127.0.0.1:\(port) failed") }
                sent += n
            }
        }
        // Read until the headers' Content-Length is complete (chromedriver keeps the
        // connection open despite `Connection: close`), or to EOF without one.
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            if let split = answer.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self).lowercased()
                if let line = head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                   let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)),
                   answer.count - split.upperBound >= length { break }
            }
            let n = read(fd, &buffer, buffer.count)
            if n < 0 { throw WebDriver.Failure(description: "read from 127.0.0.1:\(port) failed (errno \(errno))") }
            if n == 0 { break }
            answer.append(contentsOf: buffer[0..<n])
        }
        guard let split = answer.range(of: Data("\r\n\r\n".utf8)) else {
            throw WebDriver.Failure(description: "malformed HTTP answer from 127.0.0.1:\(port)")
        }
        let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else {
            throw WebDriver.Failure(description: "malformed status line '\(statusLine)'")
        }
        return (status, Data(answer[split.upperBound...]))
    }
}
