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
        let expected = kind.framesPerMessage
        let headerIndex = expected - 2
        let limit = options.maxMessageBytes
        var index = 0, total = 0
        var prefix: [UInt8]?
        var header: Result<FrameHeader, FrameError>?
        var body: [UInt8]?
        var more = true
        while more {
            let next: Bool?
            do {
                next = try socket.receive(dontWait: index == 0) { raw, hasMore in
                    total += raw.count
                    if index < headerIndex {
                        prefix = [UInt8](raw)
                    } else if index == headerIndex {
                        header = Result { () throws(FrameError) in try FrameHeader(parsingRaw: raw) }
                    } else if index == headerIndex + 1, total <= limit {
                        body = [UInt8](raw)
                    }
                    index += 1
                    return hasMore
                }
            } catch {
                if index == 0 { return false }
                break
            }
            guard let next else {
                if index == 0 { return false }
                reportDropped(FrameError(.badFrameCount, "message ended after \(index) frames"), peer: prefix)
                return true
            }
            more = next
        }
        let peer = kind.hasPeerFrame ? prefix : nil
        guard index == expected else {
            reportDropped(FrameError(.badFrameCount, "\(index) frames, a \(kind) message has \(expected)"), peer: peer)
            return true
        }
        guard total <= limit else {
            reportDropped(FrameError(.oversized, "message of \(total) bytes, the limit is \(limit)"), peer: peer)
            return true
        }
        do throws(FrameError) {
            let parsed = try header!.get()
            guard parsed.version == codec.protocolVersion else {
                throw FrameError(.wrongVersion, "protocol version \(parsed.version), this side speaks \(codec.protocolVersion)")
            }
            guard codec.typeName(parsed.messageType) != nil else {
                throw FrameError(.unknownType, "unknown message type \(parsed.messageType)")
            }
            let message = try codec.decodeBody(body ?? [], type: parsed.messageType)
            let envelope = Envelope(
                message: message, peer: peer.map(PeerID.init), topic: kind.hasTopicFrame ? prefix : nil)
            tally.add(type: parsed.messageType, bytes: total - (prefix?.count ?? 0))
            if !replyWaiters.isEmpty, let waiter = takeReplyWaiter(for: peer ?? []) {
                waiter.resume(returning: .success(envelope))
            } else {
                batch.append(envelope)
                room -= 1
            }
        } catch {
            reportDropped(error, peer: peer)
        }
        return true
    }

    /// The oldest request waiting for a message from `peer`, removed from the table.
    private func takeReplyWaiter(for peer: [UInt8]) -> Waiter? {
        guard var waiting = replyWaiters[peer], let first = waiting.popFirst() else { return nil }
        replyWaiters[peer] = waiting.isEmpty ? nil : waiting
        return first
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
