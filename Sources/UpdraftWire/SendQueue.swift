import DequeModule

/// Messages waiting because the socket would block, kept per peer (ROUTER routing id;
/// one queue for other kinds) so one slow or vanished ROUTER peer never holds back the
/// messages to the others. Order is kept per peer.
///
/// The queue of the empty peer id (every non-ROUTER port) is a plain deque outside the
/// dictionary: a PUSH or DEALER port behind a busy peer queues every message, and hashing
/// the peer key twice per message was a visible share of the sender's time.
struct SendQueue {
    /// Messages waiting, all peers.
    private(set) var count = 0
    private var unrouted = Deque<OutboundMessage>()
    private var byPeer: [[UInt8]: Deque<OutboundMessage>] = [:]

    /// Whether nothing waits.
    var isEmpty: Bool { count == 0 }

    /// Whether messages for `peer` already wait (a new one must queue behind them).
    func hasQueued(for peer: [UInt8]) -> Bool {
        peer.isEmpty ? !unrouted.isEmpty : byPeer[peer] != nil
    }

    mutating func append(_ message: OutboundMessage, for peer: [UInt8]) {
        if peer.isEmpty {
            unrouted.append(message)
        } else {
            byPeer[peer, default: []].append(message)
        }
        count += 1
    }

    /// Drops everything (closing the body frames); returns how many messages were dropped.
    mutating func removeAll() -> Int {
        for var message in unrouted { message.body.close() }
        for queue in byPeer.values {
            for var message in queue { message.body.close() }
        }
        defer {
            unrouted.removeAll()
            byPeer.removeAll()
            count = 0
        }
        return count
    }

    /// What one `flush` did.
    struct FlushResult {
        var sent = 0
        var failed = 0
        var lastError: WireError?
    }

    /// Offers each peer's messages in order to `transmit` (true: sent, false: would block,
    /// throws: failed and dropped; on true and throw `transmit` has disposed of the body frame) until each peer's queue is empty or blocks.
    mutating func flush(_ transmit: (OutboundMessage) throws(WireError) -> Bool) -> FlushResult {
        var result = FlushResult()
        if !unrouted.isEmpty {
            count -= Self.drain(&unrouted, into: &result, transmit)
        }
        guard !byPeer.isEmpty else { return result }
        for peer in Array(byPeer.keys) {
            guard var queue = byPeer.removeValue(forKey: peer) else { continue }  // unique: no copy-on-write
            count -= Self.drain(&queue, into: &result, transmit)
            byPeer[peer] = queue.isEmpty ? nil : queue
        }
        return result
    }

    /// Sends from the head of `queue` until it is empty or blocks; returns how many left it.
    private static func drain(
        _ queue: inout Deque<OutboundMessage>, into result: inout FlushResult,
        _ transmit: (OutboundMessage) throws(WireError) -> Bool
    ) -> Int {
        var removed = 0
        while let head = queue.first {
            do {
                guard try transmit(head) else { break }
                result.sent += 1
            } catch {
                result.failed += 1
                result.lastError = error
            }
            queue.removeFirst()
            removed += 1
        }
        return removed
    }
}
