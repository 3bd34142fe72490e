import CZeroMQ
import Testing
@testable import UpdraftWire

/// Batches (PROTOCOL.md §2): messages sent together to a peer that reads batches travel as
/// one ZeroMQ message, arrive one by one and in order; a damaged batch keeps its good
/// records before the damage and is counted as `bad_batch`.
@Suite("Batches: several messages in one ZeroMQ message")
struct BatchFrameTests {
    typealias RawDealer = RobustnessTests.RawDealer

    /// A batch body of `pings` (each a record of one ping).
    static func batch(pings: [UInt64]) -> [UInt8] {
        var body: [UInt8] = []
        for sequence in pings {
            let ping = withUnsafeBytes(of: sequence.bigEndian) { Array($0) }
            ping.withUnsafeBytes { BatchFrame.append(header: FrameHeader(version: 1, messageType: 1), body: $0, to: &body) }
        }
        return body
    }

    /// The (type, body) of each record of a batch body; nil when it does not parse.
    static func records(_ body: [UInt8]) -> [(UInt16, [UInt8])]? {
        body.withUnsafeBytes { raw -> [(UInt16, [UInt8])]? in
            var out: [(UInt16, [UInt8])] = []
            do {
                try BatchFrame.forEachRecord(in: raw) { header, record in out.append((header.messageType, Array(record))) }
            } catch {
                return nil
            }
            return out
        }
    }

    static let batchHeader = FrameHeader(version: BatchFrame.version, messageType: BatchFrame.messageType).bytes

    @Test("with batching on, 3,000 pings sent together reach a raw PULL in a few ZeroMQ messages and a port in order; off, one each")
    func batchesOnTheWire() async throws {
        let loop = MessageLoop(name: "batch-wire")
        for batching in [true, false] {
            let raw = try ZMQSocket(.pull, context: loop.context)
            let endpoint = try raw.bind("tcp://127.0.0.1:*")
            let push = try await loop.connect(.push, endpoint, codec: TestCodec())
            await push.setBatching(batching)
            try await push.send(contentsOf: (0..<3000).map { TestMessage.ping(UInt64($0), filler: 40) })
            var zmqMessages = 0, records = 0, batchHeaders = 0
            let deadline = ContinuousClock.now + .seconds(20)
            while records < 3000, ContinuousClock.now < deadline {
                guard let frames = try raw.receiveFrames(dontWait: true) else {
                    try await Task.sleep(for: .milliseconds(5))
                    continue
                }
                zmqMessages += 1
                let header = try FrameHeader(parsing: frames[0])
                if header.messageType == BatchFrame.messageType {
                    batchHeaders += 1
                    #expect(header.version == BatchFrame.version)
                    let inner = try #require(Self.records(frames[1]), "a batch that does not parse")
                    for (type, body) in inner {
                        #expect(type == 1 && body.count == 48)
                        let sequence = body.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                        #expect(sequence == UInt64(records), "record \(records) out of order")
                        records += 1
                    }
                } else {
                    records += 1
                }
            }
            #expect(records == 3000)
            if batching {
                // 3,000 records of 60 bytes: three batches of about 64 KiB.
                #expect(batchHeaders == zmqMessages && zmqMessages <= 4, "\(zmqMessages) ZeroMQ messages")
            } else {
                #expect(batchHeaders == 0 && zmqMessages == 3000)
            }
            #expect(push.statistics().messagesOut == 3000, "inner messages are counted one by one")
            await push.close()
            raw.close()
        }
        await loop.shutdown()
    }

    @Test("ROUTER to DEALER both ways over tcp with batching: every message arrives once, in order, with its peer")
    func routerDealerRoundTrip() async throws {
        let loop = MessageLoop(name: "batch-router")
        let router = try await loop.bind(.router, "tcp://127.0.0.1:*", codec: TestCodec())
        var options = PortOptions()
        options.routingID = PeerID("d1")
        let dealer = try await loop.connect(.dealer, await router.endpoint, codec: TestCodec(), options: options)
        await dealer.setBatching(true)
        try await dealer.send(contentsOf: (0..<2000).map { TestMessage.ping(UInt64($0)) })
        let up = try await collect(2000, from: router.inbox)
        #expect(up.map(\.message) == (0..<2000).map { TestMessage.ping(UInt64($0)) })
        #expect(up.allSatisfy { $0.peer == PeerID("d1") })
        await router.setBatching(true, for: PeerID("d1"))
        try await router.send(contentsOf: (0..<2000).map { TestMessage.text("m\($0)") }, to: PeerID("d1"))
        let down = try await collect(2000, from: dealer.inbox)
        #expect(down.map(\.message) == (0..<2000).map { TestMessage.text("m\($0)") })
        #expect(router.statistics().messagesIn == 2000 && dealer.statistics().messagesIn == 2000)
        await dealer.close()
        await router.close()
        await loop.shutdown()
    }

    @Test("a damaged batch: the good records before the damage arrive, the rest is dropped and counted as bad_batch; batches of version 1 or nested are refused")
    func damagedBatches() async throws {
        let loop = MessageLoop(name: "batch-damaged")
        let router = try await loop.bind(.router, "tcp://127.0.0.1:*", codec: TestCodec())
        let raw = try RawDealer(context: loop.context, id: "raw", endpoint: await router.endpoint)

        var truncated = Self.batch(pings: [1, 2, 3])
        truncated.removeLast(3)                                   // record 3 runs past the end
        try raw.send([Self.batchHeader, truncated])
        var nested = Self.batch(pings: [4])
        let inner = Self.batch(pings: [99])
        inner.withUnsafeBytes {
            BatchFrame.append(header: FrameHeader(version: BatchFrame.version, messageType: BatchFrame.messageType), body: $0, to: &nested)
        }
        try raw.send([Self.batchHeader, nested])                  // 4 arrives, then a nested batch
        try raw.send([FrameHeader(version: 1, messageType: BatchFrame.messageType).bytes, Self.batch(pings: [98])])  // wrong_version
        var unknown: [UInt8] = []
        [UInt8](repeating: 0, count: 8).withUnsafeBytes {
            BatchFrame.append(header: FrameHeader(version: 1, messageType: 77), body: $0, to: &unknown)
        }
        try raw.send([Self.batchHeader, unknown])                 // unknown_type inside
        try raw.send([Self.batchHeader, Self.batch(pings: [5, 6])])

        let received = try await collect(5, from: router.inbox)
        #expect(received.map(\.message) == [.ping(1), .ping(2), .ping(4), .ping(5), .ping(6)])
        #expect(router.statistics().dropped == ["bad_batch": 2, "wrong_version": 1, "unknown_type": 1])
        raw.socket.close()
        await router.close()
        await loop.shutdown()
    }
}
