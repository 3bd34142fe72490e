import CZeroMQ
import DequeModule
import Logging

/// A socket-owning actor that runs on a `MessageLoop` thread: the runtime's handle on
/// one endpoint. Say "send this message to that peer" (`send`), read "my inbox"
/// (`inbox`, batches of `Envelope`), or ask and await the answer (`request`).
///
/// ```swift
/// let loop = MessageLoop(name: "executor")
/// let router = try await loop.bind(.router, "tcp://127.0.0.1:*", codec: codec)
/// let dealer = try await loop.connect(.dealer, await router.endpoint, codec: codec)
/// try await dealer.send(hello)
/// for await batch in router.inbox { for envelope in batch { try await router.send(reply, to: envelope.peer) } }
/// ```
/// Frames: ROUTER `[peer][header][body]`, PUB/XPUB/SUB `[topic][header][body]`, others
/// `[header][body]`. Inbound frames that do not fit are counted, logged once per peer and dropped.
///
/// Back-pressure: a full inbox stops the port reading its socket, replies to `request`
/// included (they share the socket), until the consumer takes a batch. A full send queue
/// makes `send` throw `.queueFull`.
public actor WirePort<Codec: MessageCodec>: LoopPollTarget {

    /// The loop whose thread runs this port.
    public nonisolated let loop: MessageLoop
    /// The socket kind.
    public nonisolated let kind: SocketKind
    /// The name used in counters and logs.
    public nonisolated let name: String
    /// Decoded inbound messages, in batches. Ends when the port closes.
    public nonisolated let inbox: WireInbox<Codec.Message>
    /// The codec that encodes and decodes messages.
    public nonisolated let codec: Codec
    /// Runs this actor on the loop thread.
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.asUnownedSerialExecutor() }

    /// The raw socket for `zmq_poll`; read only on the loop thread while the port is registered.
    nonisolated(unsafe) let pollSocket: UnsafeMutableRawPointer?
    let socket: ZMQSocket
    let options: PortOptions
    let counters: PortCounters
    var logger: Logger
    // Exclusivity: the per-message state marked `@exclusivity(unchecked)` (the send queue,
    // the read batch, the tallies) is not checked at run time: every access happens on the
    // loop thread (actor isolation), and no method holds one of them in an `inout` access
    // while calling code that touches the same property. The run-time checks were ~7% of a
    // sending loop's time.
    @exclusivity(unchecked) var sendQueue = SendQueue()
    var outputStalledAt: ContinuousClock.Instant?
    var roomWaiters: [(limit: Int, continuation: CheckedContinuation<Void, Never>)] = []
    var pendingRequests: [[UInt8]: Deque<PendingRequest<Codec.Message>>] = [:]
    /// Requests in `pendingRequests`, all peers: the read loop checks this plain integer per
    /// message instead of the (unspecialised, generic) dictionary.
    var waitingRequestCount = 0
    var nextRequestID: UInt64 = 0
    var loggedPeers = Set<[UInt8]>()
    /// Peers (ROUTER routing ids) that read batches (``setBatching(_:for:)``).
    var batchPeers = Set<[UInt8]>()
    /// Whether the one peer of a DEALER, PUSH or PAIR port reads batches.
    var batchesToPeer = false
    /// See `replyToDropped(with:)`.
    var dropReply: (@Sendable (DroppedMessage) -> Codec.Message?)?
    /// See `onSubscription(_:)`.
    var subscriptionHandler: (@Sendable (SubscriptionChange) -> Void)?
    @exclusivity(unchecked) var batch: [Envelope<Codec.Message>] = []
    @exclusivity(unchecked) var tally = PortCounters.Tally()
    @exclusivity(unchecked) var sentTally = PortCounters.Tally()
    /// Watches handshakes when ``PortOptions/onHandshakeFailure`` is set.
    var monitor: SocketMonitor?
    /// Endpoints bound or connected, `*` ports resolved.
    public private(set) var endpoints: [String] = []

    init(loop: MessageLoop, kind: SocketKind, codec: Codec, options: PortOptions, endpoint: String) throws(WireError) {
        self.loop = loop
        self.kind = kind
        self.codec = codec
        self.options = options
        name = options.name ?? "\(kind) \(endpoint)"
        let socket = try ZMQSocket(kind, context: loop.context)
        self.socket = socket
        pollSocket = socket.handle
        counters = PortCounters(name: name, kind: kind, typeName: { [codec] in codec.typeName($0) })
        logger = options.logger
        logger[metadataKey: "port"] = .string(name)
        inbox = WireInbox(capacity: options.inboxCapacity, wakeProducer: { [loop] in loop.signal() })
        do {
            try apply(options, to: socket)
        } catch {
            socket.close()
            throw error
        }
    }

    private nonisolated func apply(_ options: PortOptions, to socket: ZMQSocket) throws(WireError) {
        try socket.setLinger(options.linger)
        if let curve = options.curve { try socket.apply(curve) }
        if let hwm = options.sendHighWaterMark { try socket.setSendHighWaterMark(hwm) }
        if let hwm = options.receiveHighWaterMark { try socket.setReceiveHighWaterMark(hwm) }
        if let id = options.routingID { try socket.setRoutingID(id.bytes) }
        if let beat = options.heartbeat { try socket.setHeartbeat(interval: beat.interval, timeout: beat.timeout, ttl: beat.ttl) }
        if let interval = options.reconnectInterval { try socket.setReconnectInterval(interval) }
        if let limit = options.hardMaxMessageBytes { try socket.setMaxMessageSize(limit) }
        if kind == .router { try socket.setOption(ZMQ_ROUTER_MANDATORY, 1) }
        for topic in options.subscriptions { try socket.subscribe(Array(topic.utf8)) }
    }

    /// Binds or connects, then joins the loop's poll set (on the loop thread).
    func open(_ endpoint: String, bind: Bool) throws(WireError) {
        do {
            if let handler = options.onHandshakeFailure {
                let monitor = try SocketMonitor(watching: socket, handler: handler)
                if loop.register(monitor) { self.monitor = monitor } else { monitor.close() }
            }
            if bind { try self.bind(endpoint) } else { try connect(endpoint) }
        } catch {
            if let monitor {
                loop.unregister(monitor)
                monitor.close()
                self.monitor = nil
            }
            socket.close()
            throw error
        }
        loop.counters.withLock { $0.append(counters) }
        guard loop.register(self) else {
            close()
            throw WireError(.closed, message: "the message loop is shutting down", operation: "open", endpoint: endpoint)
        }
    }

    /// Binds one more endpoint; returns it with a `*` port resolved.
    @discardableResult
    public func bind(_ endpoint: String) throws(WireError) -> String {
        let resolved = try socket.bind(endpoint)
        endpoints.append(resolved)
        counters.update { $0.endpoints.append(resolved) }
        return resolved
    }

    /// Connects to one more endpoint.
    public func connect(_ endpoint: String) throws(WireError) {
        try socket.connect(endpoint)
        endpoints.append(endpoint)
        counters.update { $0.endpoints.append(endpoint) }
    }

    /// Drops a connection made with `connect`.
    public func disconnect(_ endpoint: String) throws(WireError) {
        try socket.disconnect(endpoint)
        endpoints.removeAll { $0 == endpoint }
        counters.update { $0.endpoints.removeAll { $0 == endpoint } }
    }

    /// The first endpoint (for a port bound to `tcp://127.0.0.1:*`, the resolved address).
    public var endpoint: String { endpoints.first ?? "" }

    /// Subscribes a SUB port to topics starting with `prefix` ("" = all).
    public func subscribe(_ prefix: String) throws(WireError) { try socket.subscribe(Array(prefix.utf8)) }

    /// Removes a SUB subscription.
    public func unsubscribe(_ prefix: String) throws(WireError) { try socket.unsubscribe(Array(prefix.utf8)) }

    /// Messages waiting in the send queue (the peer is slow, absent, or at its high-water mark).
    public var queuedSendCount: Int { sendQueue.count }

    /// Whether the port is closed.
    public var isClosed: Bool { socket.isClosed }

    /// This port's counters, readable from any thread.
    public nonisolated func statistics() -> SocketStatistics { counters.snapshot() }

    /// Closes the socket at once (linger per options), fails pending requests, ends the inbox.
    /// Idempotent.
    public func close() {
        guard !socket.isClosed else { return }
        if let monitor {
            loop.unregister(monitor)
            monitor.close()
            self.monitor = nil
        }
        socket.close()
        let dropped = sendQueue.removeAll()
        if dropped > 0 { counters.recordSendFailures(dropped, queueDepth: 0) }
        resumeRoomWaiters(all: true)
        failPendingRequests(WireError(.closed, message: "port closed before the reply came", operation: "request", endpoint: endpoint))
        inbox.finish()
        counters.update { $0.isClosed = true }
        loop.unregister(self)
    }

    nonisolated func pollEvents() -> PollRequest { assumeIsolated { $0.wantedEvents() } }
    nonisolated func handle(revents: Int16) { assumeIsolated { $0.handleEvents(revents) } }
    nonisolated func loopStopping() { assumeIsolated { $0.close() } }

    private func wantedEvents() -> PollRequest {
        if socket.isClosed { return PollRequest(events: 0, retrySoon: false) }
        var events: Int32 = 0
        var retrySoon = false
        if (kind.canReceive && inbox.hasRoom) || subscriptionHandler != nil { events |= ZMQ_POLLIN }
        if !sendQueue.isEmpty {
            if let stalled = outputStalledAt, ContinuousClock.now - stalled < Self.stallBackoff {
                retrySoon = true
            } else {
                events |= ZMQ_POLLOUT
            }
        }
        return PollRequest(events: Int16(events), retrySoon: retrySoon)
    }

    private func handleEvents(_ revents: Int16) {
        if Int32(revents) & ZMQ_POLLOUT != 0 { flushSendQueue() }
        if Int32(revents) & ZMQ_POLLIN != 0 {
            if subscriptionHandler != nil { readSubscriptions() } else { readAvailable() }
        }
    }
}
