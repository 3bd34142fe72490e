#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

/// libzmq's monitor of one socket (`zmq_socket_monitor`), read on the socket's
/// ``MessageLoop``: a `PAIR` on a private `inproc://` endpoint that receives the socket's
/// handshake-failure events and hands each to `handler` (on the loop thread: keep it cheap).
///
/// `@unchecked Sendable` (``LoopPollTarget`` asks for Sendable): its socket is created, read
/// and closed only on the loop thread, by the port that owns it.
final class SocketMonitor: LoopPollTarget, @unchecked Sendable {
    private let socket: ZMQSocket
    private let handler: @Sendable (HandshakeFailure) -> Void
    let pollSocket: UnsafeMutableRawPointer?

    /// Starts monitoring `watched` (before it connects, so no event is missed).
    init(watching watched: ZMQSocket, handler: @escaping @Sendable (HandshakeFailure) -> Void) throws(WireError) {
        let endpoint = "inproc://updraft-monitor-\(UInt64.random(in: 0...UInt64.max))"
        let events = ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL
        guard let watchedHandle = watched.handle, zmq_socket_monitor(watchedHandle, endpoint, events) == 0 else {
            throw WireError.zmqCall("zmq_socket_monitor", endpoint: endpoint)
        }
        let socket = try ZMQSocket(.pair, context: watched.context)
        try socket.connect(endpoint)
        self.socket = socket
        self.handler = handler
        pollSocket = socket.handle
    }

    func pollEvents() -> PollRequest { PollRequest(events: socket.isClosed ? 0 : Int16(ZMQ_POLLIN), retrySoon: false) }

    func handle(revents: Int16) {
        // Each event: [2-byte event id + 4-byte value (native order)][endpoint].
        while let frames = try? socket.receiveFrames(dontWait: true), frames.count == 2, frames[0].count >= 6 {
            let head = frames[0]
            let event = UInt16(head[0]) | UInt16(head[1]) << 8
            let value = UInt32(head[2]) | UInt32(head[3]) << 8 | UInt32(head[4]) << 16 | UInt32(head[5]) << 24
            if let failure = HandshakeFailure(event: event, value: value, endpoint: String(decoding: frames[1], as: UTF8.self)) {
                handler(failure)
            }
        }
    }

    func loopStopping() { close() }

    /// Closes the PAIR (the watched socket's monitor ends when it closes).
    func close() { socket.close() }
}
