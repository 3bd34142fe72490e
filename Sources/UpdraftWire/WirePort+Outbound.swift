import CZeroMQ

/// One encoded message waiting to go out. Its body frame has one owner (see `BodyFrame`):
/// whoever sends it or drops it.
struct OutboundMessage: Sendable {
    // The frame comes first: after the 6-byte header the compiler placed it at a 2-byte
    // offset, and copying it then stalled on store forwarding (~5% of a sender's time).
    var body: BodyFrame
    var prefix: [UInt8]?
    var header: FrameHeader

    init(prefix: [UInt8]?, header: FrameHeader, body: BodyFrame) {
        self.body = body
        self.prefix = prefix
        self.header = header
    }
}

extension WirePort {
    /// Encodes `message` and sends it, or queues it if the socket would block (the loop then
    /// sends it when `ZMQ_POLLOUT` says so). `peer` is required on ROUTER ports; `topic`
    /// is the topic frame on PUB/XPUB ports ("" when nil).
    ///
    /// Throws `.encoding`, `.misuse`, `.closed`, `.queueFull` (back-pressure: the peer is
    /// slow or absent), or a `.zmq` error such as EHOSTUNREACH for an unknown ROUTER peer.
    public func send(_ message: Codec.Message, to peer: PeerID? = nil, topic: String? = nil) throws(WireError) {
        defer { counters.record(sent: &sentTally, queueDepth: sendQueue.count) }
        try sendOne(message, to: peer, topic: topic)
    }

    /// Sends several messages in order (same rules as `send`, one hop onto the loop). To a
    /// peer that reads batches (``setBatching(_:for:)``), two or more go as ``BatchFrame``s.
    public func send(contentsOf messages: some Sequence<Codec.Message>, to peer: PeerID? = nil, topic: String? = nil) throws(WireError) {
        defer { counters.record(sent: &sentTally, queueDepth: sendQueue.count) }
        if batches(to: peer) {
            let list = Array(messages)
            if list.count > 1 { return try sendBatched(list, to: peer) }
        }
        // Arrays and slices: index a buffer pointer. This generic code is not specialised
        // across modules, and a sequence iterator looked up generic metadata per element.
        let failure: WireError?? = messages.withContiguousStorageIfAvailable { buffer in
            for index in buffer.indices {
                do throws(WireError) {
                    try sendOne(buffer[index], to: peer, topic: topic)
                } catch {
                    var failed = error
                    failed.messagesSent = index - buffer.startIndex
                    return failed
                }
            }
            return nil
        }
        switch failure {
        case .some(.some(let error)): throw error
        case .some(.none): return
        case .none:
            var sent = 0
            for message in messages {
                do throws(WireError) {
                    try sendOne(message, to: peer, topic: topic)
                } catch {
                    var failed = error
                    failed.messagesSent = sent
                    throw failed
                }
                sent += 1
            }
        }
    }

    /// Sends messages to `peer` as batches from now on (`enabled`), or one by one. `peer`: a
    /// ROUTER port's peer; nil on DEALER, PUSH and PAIR ports (their one peer). Only for a
    /// peer that said it reads batches (protocol version 2); PUB ports never batch.
    public func setBatching(_ enabled: Bool, for peer: PeerID? = nil) {
        if kind.hasPeerFrame {
            guard let peer else { return }
            if enabled { batchPeers.insert(peer.bytes) } else { batchPeers.remove(peer.bytes) }
        } else if !kind.hasTopicFrame {
            batchesToPeer = enabled
        }
    }

    /// Whether messages sent together to `peer` go as batches.
    func batches(to peer: PeerID?) -> Bool {
        if kind.hasPeerFrame { return peer.map { batchPeers.contains($0.bytes) } ?? false }
        return batchesToPeer && !kind.hasTopicFrame
    }

    /// Packs `messages` into batches of about ``BatchFrame/targetBytes`` and sends each like
    /// one message (queued behind earlier ones when the socket would block). The inner
    /// messages are counted by type, as if sent one by one.
    private func sendBatched(_ messages: [Codec.Message], to peer: PeerID?) throws(WireError) {
        let prefix = try prefixFrame(to: peer, topic: nil)
        let batchHeader = FrameHeader(version: BatchFrame.version, messageType: BatchFrame.messageType)
        var packed: [UInt8] = []
        packed.reserveCapacity(min(BatchFrame.targetBytes + 4096, messages.count * 160))
        var inner: [(type: UInt16, bytes: Int)] = []
        var sent = 0
        for index in messages.indices {
            let header = codec.header(for: messages[index])
            do {
                let body = try codec.encodeBody(messages[index])
                body.withUnsafeBytes { BatchFrame.append(header: header, body: $0, to: &packed) }
                inner.append((header.messageType, FrameHeader.size + body.count))
            } catch {
                let type = codec.typeName(header.messageType) ?? "type \(header.messageType)"
                var failed = WireError(.encoding, message: "\(error)", operation: "encode \(type)", endpoint: endpoint)
                failed.messagesSent = sent
                throw failed
            }
            guard packed.count >= BatchFrame.targetBytes || index == messages.count - 1 else { continue }
            var body = packed.withUnsafeBytes { BodyFrame(copying: $0) }
            do {
                try enqueueOrTransmit(prefix: prefix, header: batchHeader, body: &body)
            } catch {
                var failed = error
                failed.messagesSent = sent
                throw failed
            }
            for message in inner { sentTally.add(type: message.type, bytes: message.bytes) }
            sent += inner.count
            inner.removeAll(keepingCapacity: true)
            packed.removeAll(keepingCapacity: true)
        }
    }

    /// Encodes one message and hands it to libzmq, or queues it behind messages already
    /// waiting for the same peer (or when the socket would block). Only a queued message is
    /// wrapped in an `OutboundMessage`; the direct path sends the frames as they are.
    func sendOne(_ message: Codec.Message, to peer: PeerID?, topic: String?) throws(WireError) {
        let prefix = try prefixFrame(to: peer, topic: topic)
        let header = codec.header(for: message)
        var body = BodyFrame()
        do {
            try codec.encodeBody(message, into: &body)
        } catch {
            body.close()
            let type = codec.typeName(header.messageType) ?? "type \(header.messageType)"
            throw WireError(.encoding, message: "\(error)", operation: "encode \(type)", endpoint: endpoint)
        }
        try enqueueOrTransmit(prefix: prefix, header: header, body: &body)
    }

    /// Hands an encoded message to libzmq, or queues it behind messages already waiting for
    /// the same peer (or when the socket would block). The body frame is consumed either way.
    private func enqueueOrTransmit(prefix: [UInt8]?, header: FrameHeader, body: inout BodyFrame) throws(WireError) {
        let queueKey = kind.hasPeerFrame ? (prefix ?? []) : []
        if sendQueue.isEmpty || !sendQueue.hasQueued(for: queueKey) {
            do {
                if try transmit(prefix: prefix, header: header, body: &body) { return }
            } catch {
                counters.recordSendFailures(queueDepth: 0)
                throw error
            }
        }
        guard sendQueue.count < options.maxQueuedSends else {
            body.close()
            counters.recordSendFailures(queueDepth: sendQueue.count)
            throw WireError(
                .queueFull, message: "\(sendQueue.count) messages already wait for a slow or absent peer",
                operation: "send", endpoint: endpoint)
        }
        sendQueue.append(OutboundMessage(prefix: prefix, header: header, body: body), for: queueKey)
        sentTally.queued += 1  // published with the send counts, at the end of this send
    }

    /// Checks that this port can send now and returns the frame before the header: the
    /// peer's routing id on ROUTER ports, the topic on PUB/XPUB ports, nil on the others.
    private func prefixFrame(to peer: PeerID?, topic: String?) throws(WireError) -> [UInt8]? {
        guard !socket.isClosed else {
            throw WireError(.closed, message: "port \(name) is closed", operation: "send", endpoint: endpoint)
        }
        guard kind.canSend else {
            throw WireError(.misuse, message: "a \(kind) socket cannot send", operation: "send", endpoint: endpoint)
        }
        if kind.hasPeerFrame {
            guard let peer else {
                throw WireError(.misuse, message: "a ROUTER send needs a peer", operation: "send", endpoint: endpoint)
            }
            return peer.bytes
        }
        return kind.hasTopicFrame ? Array((topic ?? "").utf8) : nil
    }

    /// Sends what the queue holds until the socket would block again. Loop thread only.
    /// Failed queued messages are counted and summed up in one log line per flush. When
    /// POLLOUT fired but nothing could go (a ROUTER whose only waiting peer is full), the
    /// port stops asking for POLLOUT for `stallBackoff` instead of spinning.
    func flushSendQueue() {
        let result = sendQueue.flush { (outbound) throws(WireError) in
            var body = outbound.body  // the queue drops its copy when this returns true or throws
            return try transmit(prefix: outbound.prefix, header: outbound.header, body: &body)
        }
        outputStalledAt = (result.sent == 0 && result.failed == 0) ? .now : nil
        counters.record(sent: &sentTally, queueDepth: sendQueue.count)
        if !roomWaiters.isEmpty { resumeRoomWaiters(all: false) }
        if let lastError = result.lastError {
            counters.recordSendFailures(result.failed, queueDepth: sendQueue.count)
            logger.warning("dropped \(result.failed) queued message(s), last error: \(lastError)")
        }
    }

    /// Returns once at most `limit` messages wait in the send queue (at once if that is
    /// already so, or when the port closes). Producers use it to follow a slow peer's pace
    /// instead of filling the queue until `send` throws `.queueFull`.
    public func waitUntilQueued(atMost limit: Int) async {
        guard sendQueue.count > limit, !socket.isClosed else { return }
        await withCheckedContinuation { roomWaiters.append((limit, $0)) }
    }

    func resumeRoomWaiters(all: Bool) {
        let count = sendQueue.count
        var waiting: [(limit: Int, continuation: CheckedContinuation<Void, Never>)] = []
        for waiter in roomWaiters {
            if all || count <= waiter.limit { waiter.continuation.resume() } else { waiting.append(waiter) }
        }
        roomWaiters = waiting
    }

    /// How long a port whose queued messages could not move waits before polling POLLOUT again.
    static var stallBackoff: Duration { .milliseconds(1) }

    /// Hands the frames to libzmq without blocking and counts them; false when the first
    /// frame would block (`body` untouched, still the caller's). When it returns true or
    /// throws, the body frame is gone (sent, or closed): the caller must drop its copies.
    private func transmit(prefix: [UInt8]?, header: FrameHeader, body: inout BodyFrame) throws(WireError) -> Bool {
        let bytes = FrameHeader.size + body.count
        guard try socket.sendMessage(prefix: prefix, header: header, body: &body) else { return false }
        // A batch's messages are counted by type when it is packed.
        if header.messageType != BatchFrame.messageType { sentTally.add(type: header.messageType, bytes: bytes) }
        return true
    }
}
