import Foundation
import NIOCore
import NIOPosix

/// A small SMTP client (RFC 5321, plain text): EHLO, AUTH PLAIN or LOGIN when the
/// connection has a login, MAIL FROM, RCPT TO, DATA, QUIT. It runs on SwiftNIO's event
/// loop (`NIOAsyncChannel`): no cooperative thread blocks on the socket. No STARTTLS: use
/// a relay on the same host or network for servers that require TLS.
enum SMTPClient {
    /// Sends `message` through `server`.
    ///
    /// - Throws: ``NotifyFailure``: retryable for connection problems and 4xx replies; not
    ///   for 5xx replies (a refused recipient, failed authentication).
    static func send(_ message: SMTPMessage, via server: SMTPServer) async throws(NotifyFailure) {
        let place = "SMTP \(server.host):\(server.port)"
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(10))
                .connect(host: server.host, port: server.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            try await channel.executeThenClose { inbound, outbound in
                var session = SMTPSession(inbound: inbound.makeAsyncIterator(), outbound: outbound, place: place)
                try await session.converse(message, server: server)
            }
        } catch let failure as NotifyFailure {
            throw failure
        } catch {
            throw NotifyFailure("\(place): \(error)", retryable: true)
        }
    }
}

/// One SMTP conversation over an open channel.
struct SMTPSession {
    var inbound: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let place: String
    var buffer: [UInt8] = []

    mutating func converse(_ message: SMTPMessage, server: SMTPServer) async throws {
        _ = try await expect([220], after: "connect")
        let features = try await command("EHLO \(SMTPFormat.localName)", expect: [250])
        if let login = server.login {
            let auth = features.first { $0.uppercased().hasPrefix("AUTH") }?.uppercased() ?? ""
            let password = server.password ?? ""
            if auth.contains("PLAIN") || !auth.contains("LOGIN") {
                let token = Data("\0\(login)\0\(password)".utf8).base64EncodedString()
                _ = try await command("AUTH PLAIN \(token)", expect: [235], shown: "AUTH PLAIN ***")
            } else {
                _ = try await command("AUTH LOGIN", expect: [334])
                _ = try await command(Data(login.utf8).base64EncodedString(), expect: [334], shown: "(login)")
                _ = try await command(Data(password.utf8).base64EncodedString(), expect: [235], shown: "(password)")
            }
        }
        _ = try await command("MAIL FROM:<\(SMTPFormat.address(message.from))>", expect: [250])
        for recipient in message.to {
            _ = try await command("RCPT TO:<\(SMTPFormat.address(recipient))>", expect: [250, 251])
        }
        _ = try await command("DATA", expect: [354])
        try await write(SMTPFormat.data(message, date: Date()) + "\r\n.\r\n")
        _ = try await expect([250], after: "the message")
        try? await write("QUIT\r\n")
    }

    /// Sends one command line and reads its reply; `shown` replaces it in errors.
    mutating func command(_ line: String, expect codes: Set<Int>, shown: String? = nil) async throws -> [String] {
        try await write(line + "\r\n")
        return try await expect(codes, after: shown ?? line)
    }

    mutating func write(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// Reads one (possibly multi-line) reply; its text lines when its code is in `codes`.
    mutating func expect(_ codes: Set<Int>, after what: String) async throws -> [String] {
        var lines: [String] = []
        while true {
            let line = try await readLine()
            guard line.count >= 3, let code = Int(line.prefix(3)) else {
                throw NotifyFailure("\(place): not an SMTP reply after \(what): '\(line.prefix(100))'", retryable: true)
            }
            lines.append(String(line.dropFirst(4)))
            if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
            guard codes.contains(code) else {
                throw NotifyFailure("\(place) answered '\(line.prefix(200))' to \(what)", retryable: code < 500)
            }
            return lines
        }
    }

    mutating func readLine() async throws -> String {
        while true {
            if let lf = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var end = lf
                if end > 0, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(...lf)
                return line
            }
            guard buffer.count < 64 * 1024 else { throw NotifyFailure("\(place): reply line too long", retryable: false) }
            guard let chunk = try await inbound.next() else {
                throw NotifyFailure("\(place) closed the connection", retryable: true)
            }
            buffer.append(contentsOf: chunk.readableBytesView)
        }
    }
}
