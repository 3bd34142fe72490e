#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

/// One libzmq socket. Deliberately NOT `Sendable`: libzmq sockets must be used by one
/// thread at a time, and Swift 6 then refuses to move a socket across isolation domains.
///
/// Receives go through one heap-allocated `zmq_msg_t` that never moves while libzmq holds it.
/// Every failure is a thrown `WireError` naming errno, operation and endpoint.
public final class ZMQSocket {
    /// The socket type.
    public let kind: SocketKind
    /// The context this socket belongs to (retained so the context outlives the socket).
    public let context: ZMQContext
    // Unchecked exclusivity: a socket is used by one thread at a time (it is not Sendable)
    // and `handle` is only read or replaced whole; it is read for every frame.
    /// The raw libzmq handle; nil once closed.
    @exclusivity(unchecked) public private(set) var handle: UnsafeMutableRawPointer?
    let message: UnsafeMutablePointer<zmq_msg_t>

    /// Opens a socket of `kind` in `context`, with linger 0 (closing never waits).
    public init(_ kind: SocketKind, context: ZMQContext) throws(WireError) {
        guard let handle = zmq_socket(context.handle, kind.rawValue) else {
            throw WireError.zmqCall("zmq_socket(\(kind))")
        }
        self.kind = kind
        self.context = context
        self.handle = handle
        message = .allocate(capacity: 1)
        zmq_msg_init(message)
        try setOption(ZMQ_LINGER, 0)
    }

    deinit {
        close()
        zmq_msg_close(message)
        message.deallocate()
    }

    /// Whether `close()` has been called.
    public var isClosed: Bool { handle == nil }

    /// Closes the socket (idempotent). Unsent messages are kept for the linger period only.
    public func close() {
        guard let handle else { return }
        zmq_close(handle)
        self.handle = nil
    }

    func live(_ operation: String, _ endpoint: String? = nil) throws(WireError) -> UnsafeMutableRawPointer {
        guard let handle else {
            throw WireError(.closed, message: "socket is closed", operation: operation, endpoint: endpoint)
        }
        return handle
    }

    /// Binds to `endpoint` (`tcp://127.0.0.1:*` picks a free port) and returns the
    /// resolved endpoint (ZMQ_LAST_ENDPOINT).
    @discardableResult
    public func bind(_ endpoint: String) throws(WireError) -> String {
        let socket = try live("bind", endpoint)
        guard zmq_bind(socket, endpoint) == 0 else { throw WireError.zmqCall("bind", endpoint: endpoint) }
        return (try? lastEndpoint) ?? endpoint
    }

    /// Connects to `endpoint`; libzmq reconnects by itself when the peer goes away.
    public func connect(_ endpoint: String) throws(WireError) {
        let socket = try live("connect", endpoint)
        guard zmq_connect(socket, endpoint) == 0 else { throw WireError.zmqCall("connect", endpoint: endpoint) }
    }

    /// Disconnects from an endpoint given to `connect`.
    public func disconnect(_ endpoint: String) throws(WireError) {
        let socket = try live("disconnect", endpoint)
        guard zmq_disconnect(socket, endpoint) == 0 else { throw WireError.zmqCall("disconnect", endpoint: endpoint) }
    }

    /// Sends one frame, copying `bytes`. Returns false when the send would block (EAGAIN)
    /// with `dontWait`; throws on any other failure.
    public func send(_ bytes: UnsafeRawBufferPointer, more: Bool, dontWait: Bool = true) throws(WireError) -> Bool {
        let socket = try live("send")
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        while true {
            if zmq_send(socket, bytes.baseAddress, bytes.count, flags) >= 0 { return true }
            let number = zmq_errno()
            if number == EINTR { continue }
            if number == EAGAIN { return false }
            throw WireError.zmqCall("send(\(kind))")
        }
    }

    /// Sends a whole multipart message. Returns false when it would block on its first frame.
    public func send(frames: [[UInt8]], dontWait: Bool = true) throws(WireError) -> Bool {
        for (index, frame) in frames.enumerated() {
            let more = index < frames.count - 1
            let sent = try frame.withUnsafeBytes { raw in
                Result { () throws(WireError) in try send(raw, more: more, dontWait: dontWait) }
            }.get()
            if !sent {
                if index == 0 { return false }
                // libzmq accepts the rest of a message once its first frame is in; retry blocking.
                _ = try frame.withUnsafeBytes { raw in
                    Result { () throws(WireError) in try send(raw, more: more, dontWait: false) }
                }.get()
            }
        }
        return true
    }

    /// Receives one frame and hands its bytes (valid only inside `body`) and the
    /// "more frames follow" flag to `body`. Returns nil when nothing is ready (EAGAIN).
    public func receive<R>(dontWait: Bool = true, _ body: (UnsafeRawBufferPointer, Bool) throws -> R) throws -> R? {
        let socket = try live("receive")
        while true {
            let size = zmq_msg_recv(message, socket, dontWait ? ZMQ_DONTWAIT : 0)
            if size >= 0 { break }
            let number = zmq_errno()
            if number == EINTR { continue }
            if number == EAGAIN { return nil }
            throw WireError.zmqCall("receive(\(kind))")
        }
        let bytes = UnsafeRawBufferPointer(start: zmq_msg_data(message), count: zmq_msg_size(message))
        return try body(bytes, zmq_msg_more(message) != 0)
    }

    /// Receives a whole multipart message as byte arrays; nil when nothing is ready.
    public func receiveFrames(dontWait: Bool = true) throws -> [[UInt8]]? {
        guard let first = try receive(dontWait: dontWait, { ([UInt8]($0), $1) }) else { return nil }
        var frames = [first.0]
        var more = first.1
        while more {
            guard let next = try receive(dontWait: false, { ([UInt8]($0), $1) }) else { break }
            frames.append(next.0)
            more = next.1
        }
        return frames
    }
}

@available(*, unavailable, message: "a ZeroMQ socket belongs to one thread; keep it in one actor")
extension ZMQSocket: Sendable {}
