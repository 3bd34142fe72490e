import Synchronization

/// Running counters of one port. Written by the port on the loop thread (one lock per
/// inbound batch, one per send), read from anywhere as a `SocketStatistics` snapshot.
final class PortCounters: Sendable {
    struct Counts {
        var endpoints: [String] = []
        var isClosed = false
        var messagesIn = 0, bytesIn = 0, messagesOut = 0, bytesOut = 0
        var sendFailures = 0, queuedSends = 0, queueDepth = 0
        var dropped: [FrameError.Code: Int] = [:]
        var byType: [UInt16: MessageTypeStatistics] = [:]
    }

    /// Per-batch tally kept on the loop thread, merged under one lock.
    struct Tally {
        var messages = 0, bytes = 0
        /// Outbound only: messages that had to wait in the send queue.
        var queued = 0
        var types: [(code: UInt16, messages: Int, bytes: Int)] = []

        mutating func add(type code: UInt16, bytes size: Int) {
            messages += 1
            bytes += size
            // Batches are usually of one type: try the last one first.
            if let last = types.indices.last, types[last].code == code {
                types[last].messages += 1
                types[last].bytes += size
            } else if let index = types.firstIndex(where: { $0.code == code }) {
                types[index].messages += 1
                types[index].bytes += size
            } else {
                types.append((code, 1, size))
            }
        }
    }

    let name: String
    let kind: SocketKind
    private let typeName: @Sendable (UInt16) -> String?
    private let counts = Mutex(Counts())

    init(name: String, kind: SocketKind, typeName: @escaping @Sendable (UInt16) -> String?) {
        self.name = name
        self.kind = kind
        self.typeName = typeName
    }

    func record(received tally: inout Tally) {
        guard tally.messages > 0 else { return }
        counts.withLock { counts in
            counts.messagesIn += tally.messages
            counts.bytesIn += tally.bytes
            for entry in tally.types {
                counts.byType[entry.code, default: .init()].messagesIn += entry.messages
                counts.byType[entry.code, default: .init()].bytesIn += entry.bytes
            }
        }
        tally.messages = 0
        tally.bytes = 0
        tally.types.removeAll(keepingCapacity: true)
    }

    func record(sent tally: inout Tally, queueDepth: Int) {
        guard tally.messages > 0 || tally.queued > 0 else { return }
        counts.withLock { counts in
            counts.messagesOut += tally.messages
            counts.bytesOut += tally.bytes
            counts.queuedSends += tally.queued
            counts.queueDepth = queueDepth
            for entry in tally.types {
                counts.byType[entry.code, default: .init()].messagesOut += entry.messages
                counts.byType[entry.code, default: .init()].bytesOut += entry.bytes
            }
        }
        tally.messages = 0
        tally.bytes = 0
        tally.queued = 0
        tally.types.removeAll(keepingCapacity: true)
    }

    func recordSendFailures(_ count: Int = 1, queueDepth: Int) {
        counts.withLock { $0.sendFailures += count; $0.queueDepth = queueDepth }
    }

    func recordDropped(_ code: FrameError.Code) {
        counts.withLock { $0.dropped[code, default: 0] += 1 }
    }

    func update(_ body: (inout Counts) -> Void) { counts.withLock { body(&$0) } }

    func snapshot() -> SocketStatistics {
        let counts = counts.withLock { $0 }
        var byType: [String: MessageTypeStatistics] = [:]
        for (code, stats) in counts.byType { byType[typeName(code) ?? "type_\(code)"] = stats }
        return SocketStatistics(
            name: name, kind: kind.name, endpoints: counts.endpoints, isClosed: counts.isClosed,
            messagesIn: counts.messagesIn, bytesIn: counts.bytesIn,
            messagesOut: counts.messagesOut, bytesOut: counts.bytesOut,
            sendFailures: counts.sendFailures, queuedSends: counts.queuedSends, queueDepth: counts.queueDepth,
            dropped: Dictionary(uniqueKeysWithValues: counts.dropped.map { ($0.key.rawValue, $0.value) }),
            byType: byType)
    }
}
