#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

/// One Updraft message as read off a socket, before decoding: the prefix frame (ROUTER
/// peer id or topic), the parsed header, the body, and what the frame count and size were.
///
/// `body` points into the socket's receive buffer, not a copy: it stays valid only until
/// the socket's next receive, and only when the body was the message's last frame
/// (`frames == kind.framesPerMessage`; other messages are dropped unread).
struct RawInbound {
    var prefix: [UInt8]?
    var header: FrameHeader?
    var headerError: FrameError?
    var body: UnsafeRawBufferPointer?
    var frames = 0
    var bytes = 0
}

extension ZMQSocket {
    /// Sends `[prefix][header][body]` without blocking on the first frame. Returns false
    /// when the first frame would block (EAGAIN), with `body` untouched; the remaining frames
    /// of a started message are always accepted by libzmq, and are sent blocking if they are
    /// not. On success libzmq owns the body frame; when it throws the body frame is closed
    /// (the message is dropped). Non-generic so the hot path pays no generic metadata look-ups.
    func sendMessage(prefix: [UInt8]?, header: FrameHeader, body: inout BodyFrame) throws(WireError) -> Bool {
        guard let socket = handle else {
            body.close()
            throw WireError(.closed, message: "socket is closed", operation: "send", endpoint: nil)
        }
        var started = false
        if let prefix {
            let rc = prefix.withUnsafeBytes { Self.sendFrame(socket, $0, more: true, dontWait: true) }
            if rc == EAGAIN { return false }
            if rc != 0 { return try Self.drop(&body, "send(\(kind))") }
            started = true
        }
        var rc = header.withUnsafeBytes { Self.sendFrame(socket, $0, more: true, dontWait: !started) }
        if rc == EAGAIN {
            if !started { return false }
            rc = header.withUnsafeBytes { Self.sendFrame(socket, $0, more: true, dontWait: false) }
        }
        if rc != 0 { return try Self.drop(&body, "send(\(kind))") }
        if body.send(on: socket) != 0 { return try Self.drop(&body, "send(\(kind))") }
        return true
    }

    /// Closes the body of a message that failed and throws the current zmq error.
    private static func drop(_ body: inout BodyFrame, _ operation: String) throws(WireError) -> Bool {
        let error = WireError.zmqCall(operation)
        body.close()
        throw error
    }

    /// zmq_send retried on EINTR; returns 0 or the errno.
    private static func sendFrame(_ socket: UnsafeMutableRawPointer, _ bytes: UnsafeRawBufferPointer, more: Bool, dontWait: Bool) -> Int32 {
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        while zmq_send(socket, bytes.baseAddress, bytes.count, flags) < 0 {
            let number = zmq_errno()
            if number != EINTR { return number }
        }
        return 0
    }

    /// Reads one whole multipart message without blocking on its first frame; nil when
    /// nothing is waiting. Frames beyond `framesPerMessage` are drained and counted. The body
    /// is left in the receive buffer (see `RawInbound.body`), and not offered at all when
    /// the message exceeds `limit` bytes.
    func receiveMessage(limit: Int) -> RawInbound? {
        guard let socket = handle else { return nil }
        let expected = kind.framesPerMessage
        let headerIndex = expected - 2
        var inbound = RawInbound()
        var more = true
        while more {
            var size: Int32
            repeat {
                size = zmq_msg_recv(message, socket, inbound.frames == 0 ? ZMQ_DONTWAIT : 0)
            } while size < 0 && zmq_errno() == EINTR
            if size < 0 { return inbound.frames == 0 ? nil : inbound }
            let raw = UnsafeRawBufferPointer(start: zmq_msg_data(message), count: Int(size))
            inbound.bytes += raw.count
            let index = inbound.frames
            if index < headerIndex {
                inbound.prefix = [UInt8](raw)
            } else if index == headerIndex {
                do {
                    inbound.header = try FrameHeader(parsingRaw: raw)
                } catch {
                    inbound.headerError = error
                }
            } else if index == headerIndex + 1, inbound.bytes <= limit {
                inbound.body = raw
            } else {
                inbound.body = nil  // a later frame reuses the buffer the body pointed into
            }
            inbound.frames += 1
            more = zmq_msg_more(message) != 0
        }
        return inbound
    }
}
