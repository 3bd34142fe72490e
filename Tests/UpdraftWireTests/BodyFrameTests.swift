import Testing
@testable import UpdraftWire

/// The libzmq-backed body frame: sizes below and above libzmq's 33-byte inline limit,
/// rewriting, closing, and a frame sent through a real socket arriving intact.
@Suite("Body frame")
struct BodyFrameTests {
    @Test("write then read back", arguments: [0, 1, 33, 34, 4096])
    func writeAndRead(count: Int) {
        let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var frame = BodyFrame()
        defer { frame.close() }
        frame.write(bytes)
        #expect(frame.count == count)
        #expect(frame.bytes == bytes)
    }

    @Test("a rewritten frame holds the new bytes; a closed frame is empty")
    func rewriteAndClose() {
        var frame = BodyFrame()
        frame.write(count: 100) { $0.initializeMemory(as: UInt8.self, repeating: 1) }
        frame.write([9, 8, 7])
        #expect(frame.bytes == [9, 8, 7])
        frame.close()
        #expect(frame.count == 0 && frame.bytes.isEmpty)
    }

    @Test("dropping queued messages closes their frames and counts them")
    func queueRemoveAll() {
        var queue = SendQueue()
        for size in [3, 300] {
            let bytes = [UInt8](repeating: 5, count: size)
            let message = bytes.withUnsafeBytes {
                OutboundMessage(prefix: nil, header: FrameHeader(version: 1, messageType: 1), body: BodyFrame(copying: $0))
            }
            queue.append(message, for: size == 3 ? [] : [1])
        }
        #expect(queue.removeAll() == 2)
        #expect(queue.isEmpty)
    }

    @Test("a frame sent on a PUSH socket arrives byte for byte, after its header")
    func sentThroughSocket() throws {
        let context = ZMQContext()
        let pull = try ZMQSocket(.pull, context: context)
        let push = try ZMQSocket(.push, context: context)
        defer { push.close(); pull.close() }
        try pull.bind("inproc://body-frame-test")
        try push.connect("inproc://body-frame-test")
        let payload = (0..<200).map { UInt8(truncatingIfNeeded: $0) }
        var frame = BodyFrame()
        frame.write(payload)
        let header = FrameHeader(version: 1, messageType: 7)
        #expect(try push.sendMessage(prefix: nil, header: header, body: &frame))
        #expect(frame.count == 0)  // libzmq owns it now
        var inbound: RawInbound?
        for _ in 0..<1000 where inbound == nil { inbound = pull.receiveMessage(limit: 1 << 20) }
        let received = try #require(inbound)
        #expect(received.frames == 2)
        #expect(received.header == header)
        #expect(received.body.map { [UInt8]($0) } == payload)
    }

    @Test("sending on a closed socket throws and closes the frame")
    func closedSocket() throws {
        let socket = try ZMQSocket(.push, context: ZMQContext())
        socket.close()
        var frame = BodyFrame()
        frame.write([1, 2, 3])
        #expect(throws: WireError.self) { try socket.sendMessage(prefix: nil, header: FrameHeader(version: 1, messageType: 1), body: &frame) }
        #expect(frame.count == 0)
    }
}
