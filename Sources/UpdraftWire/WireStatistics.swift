/// Traffic of one message type on one socket.
public struct MessageTypeStatistics: Sendable, Hashable, Codable {
    /// Messages received and delivered.
    public var messagesIn = 0
    /// Bytes of those messages (header + body frames).
    public var bytesIn = 0
    /// Messages handed to libzmq.
    public var messagesOut = 0
    /// Bytes of those messages (header + body frames).
    public var bytesOut = 0

    /// Zero counts.
    public init() {}
}

/// A snapshot of one port's counters, readable from any thread (`MessageLoop.statistics()`,
/// `WirePort.statistics()`); `updraft stats` shows these.
public struct SocketStatistics: Sendable, Hashable, Codable {
    /// The port's name (`PortOptions.name`).
    public var name: String
    /// The socket kind, e.g. `"ROUTER"`.
    public var kind: String
    /// Endpoints bound or connected.
    public var endpoints: [String]
    /// Whether the port is closed.
    public var isClosed: Bool
    /// Messages received and delivered (replies to `request` included).
    public var messagesIn: Int
    /// Bytes received in delivered messages (header + body frames).
    public var bytesIn: Int
    /// Messages handed to libzmq.
    public var messagesOut: Int
    /// Bytes handed to libzmq (header + body frames).
    public var bytesOut: Int
    /// Sends that failed (unroutable peer, queue full, closed while queued).
    public var sendFailures: Int
    /// Sends that could not go out at once and waited in the port's queue.
    public var queuedSends: Int
    /// Messages waiting in the send queue now.
    public var queueDepth: Int
    /// Inbound messages dropped, by `FrameError.Code` raw value.
    public var dropped: [String: Int]
    /// Traffic by message type name (the codec's `typeName`).
    public var byType: [String: MessageTypeStatistics]

    /// Total inbound messages dropped, all codes.
    public var droppedTotal: Int { dropped.values.reduce(0, +) }
}
