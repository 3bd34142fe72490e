#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ
import Foundation
import Logging
import Synchronization

/// The ZAP handler (ZeroMQ RFC 27) of one ``ZMQContext``: a `REP` socket bound to
/// `inproc://zeromq.zap.01` that libzmq asks, for every client finishing a CURVE handshake
/// with a server socket of that context, whether to let it in. It asks its
/// ``ZAPAuthorizer`` and answers 200 (with `User-Id` = the authorizer's user id) or 400.
///
/// Start it **before** any CURVE server socket of the context binds: `init` binds the
/// endpoint before it returns. Server sockets set `ZMQ_ZAP_ENFORCE_DOMAIN`, so a client
/// arriving while no handler runs is refused, never accepted unchecked (libzmq's default).
///
/// The handler runs on its own thread, blocked in `zmq_poll` on its socket and an eventfd
/// (``stop()`` writes it), so it never holds a cooperative-pool thread and never waits on a
/// message loop. Refusals are counted and logged once per key (fingerprint only).
///
/// `@unchecked Sendable`: the socket is used only by the handler's thread (it is created and
/// bound by `init`, then handed to the thread, which libzmq allows with the memory barrier
/// of the thread start); the counters are atomics and the logged-key set is behind a Mutex.
public final class ZAPHandler: @unchecked Sendable {
    /// The endpoint libzmq asks: fixed by RFC 27.
    public static let endpoint = "inproc://zeromq.zap.01"

    /// The context whose server sockets it serves.
    public let context: ZMQContext
    /// Who decides.
    public let authorizer: any ZAPAuthorizer
    private let socket: ZMQSocket
    private let wakeFD: Int32
    private let logger: Logger
    private let counts = Mutex(Counts())
    private let finished = Mutex<[CheckedContinuation<Void, Never>]?>([])

    /// Accepted and refused handshakes since the handler started.
    public struct Counts: Sendable, Hashable {
        /// Clients let in.
        public var accepted = 0
        /// Clients refused (unknown key, wrong mechanism).
        public var refused = 0
        /// Malformed requests (not RFC 27).
        public var malformed = 0
        var loggedKeys = Set<String>()
    }

    /// Binds the handler in `context` and starts its thread.
    /// - Throws: `WireError` when the endpoint is taken (a handler already runs in this
    ///   context) or libzmq has no CURVE.
    public init(context: ZMQContext, authorizer: any ZAPAuthorizer, logger: Logger = Logger(label: "updraft.zap")) throws(WireError) {
        guard CurveSupport.isAvailable else {
            throw WireError(.misuse, message: CurveSupport.unavailableMessage, operation: "start ZAP handler")
        }
        self.context = context
        self.authorizer = authorizer
        self.logger = logger
        let socket = try ZMQSocket(.rep, context: context)
        do {
            try socket.bind(Self.endpoint)
        } catch {
            socket.close()
            throw WireError(error.code, errno: error.errno,
                            message: error.errno == EADDRINUSE ? "a ZAP handler already runs in this ZeroMQ context" : error.message,
                            operation: "bind ZAP handler", endpoint: Self.endpoint)
        }
        self.socket = socket
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        let thread = Thread { [self] in run() }
        thread.name = "updraft-zap"
        thread.start()
    }

    deinit { Glibc.close(wakeFD) }

    /// Counters since start.
    public var statistics: Counts { counts.withLock { $0 } }

    /// Stops the thread and closes the socket; returns when it is closed. Server sockets
    /// still open refuse new clients from then on (`ZMQ_ZAP_ENFORCE_DOMAIN`).
    public func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = finished.withLock { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters!.append(continuation)
                return false
            }
            if done { continuation.resume() } else {
                var one: UInt64 = 1
                _ = write(wakeFD, &one, 8)
            }
        }
    }

    private func run() {
        var items = [
            zmq_pollitem_t(socket: socket.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
            zmq_pollitem_t(socket: nil, fd: wakeFD, events: Int16(ZMQ_POLLIN), revents: 0),
        ]
        while true {
            let rc = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, 2, -1) }
            if rc < 0 && zmq_errno() == EINTR { continue }
            if rc < 0 || items[1].revents != 0 { break }
            if items[0].revents != 0 { serveOne() }
        }
        socket.close()
        let waiters = finished.withLock { waiters -> [CheckedContinuation<Void, Never>] in
            defer { waiters = nil }
            return waiters ?? []
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Reads one request (all its frames) and sends the reply REP expects.
    private func serveOne() {
        guard let frames = try? socket.receiveFrames(dontWait: true) else { return }
        let reply = answer(frames)
        _ = try? socket.send(frames: reply, dontWait: false)
    }

    func answer(_ frames: [[UInt8]]) -> [[UInt8]] {
        // RFC 27: version, request id, domain, address, identity, mechanism, credentials...
        guard frames.count >= 6, String(decoding: frames[0], as: UTF8.self) == "1.0" else {
            counts.withLock { $0.malformed += 1 }
            let requestID = frames.count > 1 ? frames[1] : []
            return Self.reply(requestID, "500", "malformed ZAP request", userID: "")
        }
        let mechanism = String(decoding: frames[5], as: UTF8.self)
        let key = mechanism == "CURVE" && frames.count >= 7 ? try? CurveKey(bytes: frames[6]) : nil
        let request = ZAPRequest(
            domain: String(decoding: frames[2], as: UTF8.self), address: String(decoding: frames[3], as: UTF8.self),
            routingID: frames[4], mechanism: mechanism, clientKey: key)
        switch authorizer.authorize(request) {
        case .allow(let userID):
            counts.withLock { $0.accepted += 1 }
            return Self.reply(frames[1], "200", "OK", userID: userID)
        case .deny(let reason):
            let first = counts.withLock { counts -> Bool in
                counts.refused += 1
                return counts.loggedKeys.insert(key?.z85 ?? "\(mechanism) \(request.address)").inserted
            }
            if first {
                logger.warning("refused a \(mechanism) client from \(request.address.isEmpty ? "a local socket" : request.address) on \(request.domain): \(reason)")
            }
            return Self.reply(frames[1], "400", reason, userID: "")
        }
    }

    static func reply(_ requestID: [UInt8], _ status: String, _ text: String, userID: String) -> [[UInt8]] {
        [Array("1.0".utf8), requestID, Array(status.utf8), Array(text.utf8), Array(userID.utf8), []]
    }
}
