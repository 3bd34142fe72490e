import Logging

/// Settings of a `WirePort`, applied when it opens.
public struct PortOptions: Sendable {
    /// ZMTP heartbeats: ping every `interval` ms, drop the connection after `timeout` ms without traffic.
    public struct Heartbeat: Sendable, Hashable {
        /// Milliseconds between pings.
        public var interval: Int32
        /// Milliseconds without traffic before the connection is dropped.
        public var timeout: Int32
        /// Milliseconds the remote side should wait for our pings.
        public var ttl: Int32
        /// Creates heartbeat settings.
        public init(interval: Int32, timeout: Int32, ttl: Int32) {
            self.interval = interval
            self.timeout = timeout
            self.ttl = ttl
        }
    }

    /// Name used by counters and logs; defaults to "KIND endpoint".
    public var name: String?
    /// ZMQ_LINGER in ms when closing: 0 drops unsent messages so shutdown never hangs.
    public var linger: Int32 = 0
    /// ZMQ_SNDHWM (libzmq default 1000).
    public var sendHighWaterMark: Int32?
    /// ZMQ_RCVHWM (libzmq default 1000).
    public var receiveHighWaterMark: Int32?
    /// ZMQ_ROUTING_ID: how a ROUTER peer sees this socket.
    public var routingID: PeerID?
    /// ZMTP heartbeats (off when nil).
    public var heartbeat: Heartbeat?
    /// ZMQ_RECONNECT_IVL in ms.
    public var reconnectInterval: Int32?
    /// ZMQ_MAXMSGSIZE: libzmq disconnects a peer that sends more (no limit when nil).
    public var hardMaxMessageBytes: Int64?
    /// CurveZMQ for this socket's tcp:// and ipc:// connections (plain when nil; inproc://
    /// is always plain). A server needs a ``ZAPHandler`` in the loop's context, started first.
    public var curve: CurveSecurity?
    /// Called (on the loop thread; keep it cheap) for each failed security handshake of this
    /// socket's connections, e.g. a CURVE client whose key the server refuses. Nil: not watched.
    public var onHandshakeFailure: (@Sendable (HandshakeFailure) -> Void)?
    /// Messages bigger than this (all frames) are dropped and counted as `.oversized`.
    public var maxMessageBytes = 16 << 20
    /// SUB topic prefixes subscribed at open ("" = everything). A SUB without any receives nothing.
    public var subscriptions: [String] = []
    /// Messages that may wait in the inbox before the port stops reading its socket.
    public var inboxCapacity = 16_384
    /// Messages that may wait in the send queue before `send` throws `.queueFull`.
    public var maxQueuedSends = 100_000
    /// Messages read from the socket per poll before other sockets get a turn.
    public var readBudget = 1024
    /// Where malformed-frame warnings (one per peer) and send failures go.
    public var logger = Logger(label: "updraft.wire")

    /// Default options.
    public init() {}
}
