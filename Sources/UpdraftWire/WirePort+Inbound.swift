import CZeroMQ
extension WirePort {
    /// Sets what a ROUTER port answers to a message it drops: `handler` runs on the loop
    /// thread for every dropped message and returns the reply to send to its peer, or nil for
    /// none (the default for everything: the protocol never replies to garbage, except where
    /// a handler says so, like the executor's `invalid_hello`). Keep it cheap and pure.
    public func replyToDropped(with handler: @escaping @Sendable (DroppedMessage) -> Codec.Message?) {
        dropReply = handler
    }

    /// Makes an XPUB port report every subscription it receives, duplicates and
    /// re-subscriptions of reconnecting peers included (`ZMQ_XPUB_VERBOSE`): `handler` runs on
    /// the loop thread, once per change, in arrival order. Keep it cheap (start a task for
    /// real work). Throws `.misuse` on other socket kinds.
    public func onSubscription(_ handler: @escaping @Sendable (SubscriptionChange) -> Void) throws(WireError) {
        guard kind == .xpub else {
            throw WireError(.misuse, message: "only an XPUB port receives subscriptions, this is \(kind)",
                            operation: "onSubscription", endpoint: endpoint)
        }
        try socket.setOption(ZMQ_XPUB_VERBOSE, 1)
        subscriptionHandler = handler
    }

    /// Reads the subscription messages waiting on an XPUB socket (one frame each: 1 or 0,
    /// then the topic) and hands them to the handler; anything else is counted and dropped.
    /// Loop thread only.
    func readSubscriptions() {
        guard let handler = subscriptionHandler else { return }
        var budget = options.readBudget
        while budget > 0, let frames = try? socket.receiveFrames(dontWait: true) {
            budget -= 1
            guard frames.count == 1, let flag = frames[0].first, flag <= 1 else {
                counters.recordDropped(.badFrameCount)
                continue
            }
            handler(SubscriptionChange(topic: Array(frames[0].dropFirst()), subscribed: flag == 1))
        }
    }

    /// Reads up to the read budget (and the inbox's room), answers waiting requests, and
    /// hands the rest to the inbox as one batch. Loop thread only.
    ///
    /// Hot path: one loop working on local copies of the batch and the tally (no exclusivity
    /// checks on the actor's stored properties per message); the envelope is built and
    /// appended by the codec's `appendEnvelope`, which is specialised for the concrete codec,
    /// so this generic code needs no per-message generic metadata look-ups.
    func readAvailable() {
        var room = min(options.readBudget, inbox.capacity - inbox.count)
        guard room > 0 else { return }
        var received: [Envelope<Codec.Message>] = []
        swap(&received, &batch)
        var counted = PortCounters.Tally()
        swap(&counted, &tally)
        let limit = options.maxMessageBytes
        let expected = kind.framesPerMessage
        let hasPeerFrame = kind.hasPeerFrame, hasTopicFrame = kind.hasTopicFrame
        // Only a CURVE server's connections have a User-Id (the ZAP handler's answer).
        let readsUserID = hasPeerFrame && options.curve?.zapDomain != nil
        while room > 0, let inbound = socket.receiveMessage(limit: limit) {
            let peer = hasPeerFrame ? inbound.prefix : nil
            var checkedType: UInt16?
            do throws(FrameError) {
                let type = try check(inbound, expected: expected, limit: limit)
                checkedType = type
                if type == BatchFrame.messageType {
                    let userID = readsUserID ? socket.messageProperty("User-Id") : nil
                    room -= try unpackBatch(inbound, peer: peer, topic: hasTopicFrame ? inbound.prefix : nil, userID: userID,
                                            into: &received, tally: &counted)
                    continue
                }
                // Decoded in place: `inbound.body` is valid until the next receive.
                try codec.appendEnvelope(
                    decoding: inbound.body ?? UnsafeRawBufferPointer(start: nil, count: 0), type: type,
                    peer: peer.map(PeerID.init), topic: hasTopicFrame ? inbound.prefix : nil, to: &received)
                if readsUserID { received[received.count - 1].userID = socket.messageProperty("User-Id") }
                counted.add(type: type, bytes: inbound.bytes - (inbound.prefix?.count ?? 0))
            } catch {
                reportDropped(error, peer: peer, type: checkedType)
                continue
            }
            // A reply to a waiting `request` bypasses the inbox (rare: checked by a plain count).
            if waitingRequestCount > 0, let request = takeOldestRequest(for: peer ?? []) {
                request.timer?.cancel()
                request.continuation.resume(returning: .success(received.removeLast()))
            } else {
                room -= 1
            }
        }
        counters.record(received: &counted)
        swap(&counted, &tally)
        if !received.isEmpty { _ = inbox.deliver(&received) }
        swap(&received, &batch)
    }

    /// Checks frame count, size, header, version and type of one read message; returns its
    /// type code or throws the `FrameError` it is dropped for. Non-generic over the message.
    private nonisolated func check(_ inbound: RawInbound, expected: Int, limit: Int) throws(FrameError) -> UInt16 {
        guard inbound.frames == expected else {
            throw FrameError(.badFrameCount, "\(inbound.frames) frames, a \(kind) message has \(expected)")
        }
        guard inbound.bytes <= limit else {
            throw FrameError(.oversized, "message of \(inbound.bytes) bytes, the limit is \(limit)")
        }
        guard let header = inbound.header else {
            throw inbound.headerError ?? FrameError(.badHeader, "no header frame")
        }
        if header.messageType == BatchFrame.messageType {
            guard header.version == BatchFrame.version else {
                throw FrameError(.wrongVersion, "a batch with header version \(header.version); batches carry \(BatchFrame.version)")
            }
            return header.messageType
        }
        guard header.version == codec.protocolVersion else {
            throw FrameError(.wrongVersion, "protocol version \(header.version), this side speaks \(codec.protocolVersion)")
        }
        guard codec.typeName(header.messageType) != nil else {
            throw FrameError(.unknownType, "unknown message type \(header.messageType)")
        }
        return header.messageType
    }

    /// Decodes every record of a batch into `received` (each checked as a message of its own:
    /// version, known type, body); returns how many it added. A bad record stops the batch:
    /// the records before it are kept, the rest dropped with it (one drop counted, the error
    /// thrown). Replies to waiting requests do not come in batches.
    private func unpackBatch(
        _ inbound: RawInbound, peer: [UInt8]?, topic: [UInt8]?, userID: String?,
        into received: inout [Envelope<Codec.Message>], tally: inout PortCounters.Tally
    ) throws(FrameError) -> Int {
        let before = received.count
        let codec = self.codec
        let peerID = peer.map(PeerID.init)
        try BatchFrame.forEachRecord(in: inbound.body ?? UnsafeRawBufferPointer(start: nil, count: 0)) { (header, body) throws(FrameError) in
            guard header.version == codec.protocolVersion else {
                throw FrameError(.wrongVersion, "a batched message of protocol version \(header.version), this side speaks \(codec.protocolVersion)")
            }
            guard codec.typeName(header.messageType) != nil else {
                throw FrameError(.unknownType, "unknown message type \(header.messageType) in a batch")
            }
            try codec.appendEnvelope(decoding: body, type: header.messageType, peer: peerID, topic: topic, to: &received)
            if let userID { received[received.count - 1].userID = userID }
            tally.add(type: header.messageType, bytes: FrameHeader.size + body.count)
        }
        return received.count - before
    }

    /// Counts a dropped message; logs only the first one from each peer; sends the drop-reply
    /// handler's answer, if it has one, back to a ROUTER peer.
    private func reportDropped(_ error: FrameError, peer: [UInt8]?, type: UInt16?) {
        counters.recordDropped(error.code)
        if let dropReply, let peer,
           let reply = dropReply(DroppedMessage(peer: PeerID(peer), messageType: type, error: error)) {
            do {
                try send(reply, to: PeerID(peer))
            } catch {
                logger.debug("could not answer a dropped message from peer \(PeerID(peer)): \(error)")
            }
        }
        let key = peer ?? []
        guard loggedPeers.count < 4096, loggedPeers.insert(key).inserted else { return }
        let from = peer.map { "peer \(PeerID($0))" } ?? "a peer"
        logger.warning(
            "dropped a message from \(from): \(error) (further bad messages from this peer are counted, not logged)",
            metadata: ["code": .string(error.code.rawValue)])
    }
}
