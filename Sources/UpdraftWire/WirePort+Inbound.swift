extension WirePort {
    /// Reads up to the read budget (and the inbox's room), answers waiting requests, and
    /// hands the rest to the inbox as one batch. Loop thread only.
    func readAvailable() {
        var room = min(options.readBudget, inbox.capacity - inbox.count)
        while room > 0, readMessage(room: &room) {}
        counters.record(received: &tally)
        if !batch.isEmpty { _ = inbox.deliver(&batch) }
    }

    /// Reads one multipart message, checks and decodes it, and hands it to a waiting
    /// request or the next inbox batch; false when nothing is waiting.
    private func readMessage(room: inout Int) -> Bool {
        let limit = options.maxMessageBytes
        guard let inbound = socket.receiveMessage(limit: limit) else { return false }
        let peer = kind.hasPeerFrame ? inbound.prefix : nil
        let expected = kind.framesPerMessage
        guard inbound.frames == expected else {
            reportDropped(FrameError(.badFrameCount, "\(inbound.frames) frames, a \(kind) message has \(expected)"), peer: peer)
            return true
        }
        guard inbound.bytes <= limit else {
            reportDropped(FrameError(.oversized, "message of \(inbound.bytes) bytes, the limit is \(limit)"), peer: peer)
            return true
        }
        guard let header = inbound.header else {
            reportDropped(inbound.headerError ?? FrameError(.badHeader, "no header frame"), peer: peer)
            return true
        }
        guard header.version == codec.protocolVersion else {
            reportDropped(FrameError(.wrongVersion, "protocol version \(header.version), this side speaks \(codec.protocolVersion)"), peer: peer)
            return true
        }
        guard codec.typeName(header.messageType) != nil else {
            reportDropped(FrameError(.unknownType, "unknown message type \(header.messageType)"), peer: peer)
            return true
        }
        let message: Codec.Message
        do {
            message = try codec.decodeBody(inbound.body ?? [], type: header.messageType)
        } catch {
            reportDropped(error, peer: peer)
            return true
        }
        tally.add(type: header.messageType, bytes: inbound.bytes - (inbound.prefix?.count ?? 0))
        let envelope = Envelope(
            message: message, peer: peer.map(PeerID.init), topic: kind.hasTopicFrame ? inbound.prefix : nil)
        if !pendingRequests.isEmpty, let request = takeOldestRequest(for: peer ?? []) {
            request.timer?.cancel()
            request.continuation.resume(returning: .success(envelope))
        } else {
            batch.append(envelope)
            room -= 1
        }
        return true
    }

    /// Counts a dropped message; logs only the first one from each peer.
    private func reportDropped(_ error: FrameError, peer: [UInt8]?) {
        counters.recordDropped(error.code)
        let key = peer ?? []
        guard loggedPeers.count < 4096, loggedPeers.insert(key).inserted else { return }
        let from = peer.map { "peer \(PeerID($0))" } ?? "a peer"
        logger.warning(
            "dropped a message from \(from): \(error) (further bad messages from this peer are counted, not logged)",
            metadata: ["code": .string(error.code.rawValue)])
    }
}
