import CZeroMQ
import Synchronization
import Testing
@testable import UpdraftWire

@Suite("Malformed frames from a raw libzmq peer")
struct RobustnessTests {
    /// A raw DEALER driven through the C API, so it can send anything.
    final class RawDealer {
        let socket: ZMQSocket
        init(context: ZMQContext, id: String, endpoint: String) throws {
            socket = try ZMQSocket(.dealer, context: context)
            try socket.setRoutingID(Array(id.utf8))
            try socket.connect(endpoint)
        }
        func send(_ frames: [[UInt8]]) throws {
            for (index, frame) in frames.enumerated() {
                let flags = index < frames.count - 1 ? ZMQ_SNDMORE : 0
                let rc = frame.withUnsafeBytes { zmq_send(socket.handle, $0.baseAddress, $0.count, flags) }
                #expect(rc == frame.count)
            }
        }
    }

    static let good = FrameHeader(version: 1, messageType: 1).bytes
    static let ping = [UInt8](repeating: 0, count: 7) + [42]

    @Test("bad frames are counted by code, logged once per peer, and the next good message arrives")
    func garbage() async throws {
        let log = CapturingLog()
        var options = PortOptions()
        options.maxMessageBytes = 512
        options.logger = log.logger
        let loop = MessageLoop(name: "robust")
        let router = try await loop.bind(.router, "tcp://127.0.0.1:*", codec: TestCodec(), options: options)
        let endpoint = await router.endpoint
        let first = try RawDealer(context: loop.context, id: "raw-1", endpoint: endpoint)
        let second = try RawDealer(context: loop.context, id: "raw-2", endpoint: endpoint)

        try first.send([Self.good])                                          // bad_frame_count
        try first.send([Self.good, Self.ping, [1, 2]])                       // bad_frame_count
        try first.send([[0x55, 0x44, 0, 1], Self.ping])                      // bad_header (short)
        try first.send([[0, 0, 0, 1, 0, 1, 0, 0], Self.ping])                // bad_header (magic)
        try first.send([FrameHeader(version: 9, messageType: 1).bytes, Self.ping])   // wrong_version
        try first.send([FrameHeader(version: 1, messageType: 77).bytes, Self.ping])  // unknown_type
        try first.send([Self.good, [1, 2, 3]])                               // malformed_body
        try first.send([Self.good, [UInt8](repeating: 1, count: 4096)])      // oversized
        try second.send([Self.good])                                         // bad_frame_count, 2nd peer
        try first.send([Self.good, Self.ping])                               // good

        let received = try await collect(1, from: router.inbox)
        #expect(received.first?.message == .ping(42))
        #expect(received.first?.peer == PeerID("raw-1"))
        let stats = router.statistics()
        #expect(stats.dropped == [
            "bad_frame_count": 3, "bad_header": 2, "wrong_version": 1,
            "unknown_type": 1, "malformed_body": 1, "oversized": 1,
        ])
        #expect(stats.messagesIn == 1)
        let lines = log.lines.withLock { $0 }
        #expect(lines.count == 2, "one line per peer: \(lines)")
        #expect(lines.contains { $0.contains("raw-1") && $0.contains("bad_frame_count") })
        #expect(lines.contains { $0.contains("raw-2") })

        // Still alive: a second good message from the other peer arrives too.
        try second.send([Self.good, Self.ping])
        let again = try await collect(1, from: router.inbox)
        #expect(again.first?.peer == PeerID("raw-2"))
        #expect(log.lines.withLock { $0.count } == 2)
        first.socket.close()
        second.socket.close()
        await loop.shutdown()
    }

    @Test("a drop-reply handler sees every dropped message and answers only what it chooses")
    func dropReply() async throws {
        let loop = MessageLoop(name: "drop-reply")
        let router = try await loop.bind(.router, "tcp://127.0.0.1:*", codec: TestCodec())
        let seen = Mutex<[DroppedMessage]>([])
        await router.replyToDropped { dropped in
            seen.withLock { $0.append(dropped) }
            // Answer a ping whose body was bad; nothing else.
            return dropped.messageType == 1 && dropped.error.code == .malformedBody ? .text("bad ping: \(dropped.error.message)") : nil
        }
        let raw = try RawDealer(context: loop.context, id: "raw-r", endpoint: await router.endpoint)
        try raw.send([[0, 0, 0, 1, 0, 1, 0, 0], Self.ping])   // bad_header: no type, no answer
        try raw.send([Self.good, [1, 2, 3]])                   // malformed ping body: answered
        try raw.send([Self.good, Self.ping])                   // good: delivered, not dropped
        let received = try await collect(1, from: router.inbox)
        #expect(received.first?.message == .ping(42))
        let answer = try await receiveRaw(raw.socket)
        #expect(answer.count == 2)
        #expect(answer.first.map { try? FrameHeader(parsing: $0) }??.messageType == 2)
        #expect(String(decoding: answer.last ?? [], as: UTF8.self).hasPrefix("bad ping: ping body is 3 bytes"))
        let dropped = seen.withLock { $0 }
        #expect(dropped.map(\.error.code) == [.badHeader, .malformedBody])
        #expect(dropped.map(\.messageType) == [nil, 1])
        #expect(dropped.allSatisfy { $0.peer == PeerID("raw-r") })
        #expect(router.statistics().messagesOut == 1)
        raw.socket.close()
        await loop.shutdown()
    }

    /// Reads one multipart message from a raw socket, polling for up to ~5 s.
    private func receiveRaw(_ socket: ZMQSocket) async throws -> [[UInt8]] {
        for _ in 0..<500 {
            if let frames = try socket.receiveFrames(dontWait: true) { return frames }
            try await Task.sleep(for: .milliseconds(10))
        }
        return []
    }

    @Test("a bad endpoint is a typed error naming errno, operation and endpoint", arguments: [
        ("tcp://nope:x", true), ("bogus://somewhere", false), ("tcp://nope:x", false),
    ])
    func badEndpoint(endpoint: String, bind: Bool) async throws {
        let loop = MessageLoop(name: "bad-endpoint")
        let error = await #expect(throws: WireError.self) {
            if bind {
                _ = try await loop.bind(.router, endpoint, codec: TestCodec())
            } else {
                _ = try await loop.connect(.dealer, endpoint, codec: TestCodec())
            }
        }
        #expect(error?.code == .zmq)
        #expect(error?.errno != 0)
        #expect(error?.endpoint == endpoint)
        #expect(error?.operation == (bind ? "bind" : "connect"))
        #expect(error?.description.contains(endpoint) == true)
        #expect(loop.statistics().isEmpty)
        await loop.shutdown()
    }

    @Test("a ROUTER send to an unknown peer throws EHOSTUNREACH instead of vanishing")
    func unknownPeer() async throws {
        let loop = MessageLoop(name: "unknown-peer")
        let router = try await loop.bind(.router, "inproc://unknown-peer", codec: TestCodec())
        let error = await #expect(throws: WireError.self) {
            try await router.send(.text("hi"), to: PeerID("nobody"))
        }
        #expect(error?.errno == EHOSTUNREACH)
        #expect(router.statistics().sendFailures == 1)
        await loop.shutdown()
    }
}
