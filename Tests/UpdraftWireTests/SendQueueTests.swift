import Testing
@testable import UpdraftWire

/// The per-peer send queue on its own: order per peer, counts, would-block and failures.
@Suite("Send queue")
struct SendQueueTests {
    func outbound(_ type: UInt16, _ prefix: [UInt8]? = nil) -> OutboundMessage {
        let byte = [UInt8(truncatingIfNeeded: type)]
        return byte.withUnsafeBytes { OutboundMessage(prefix: prefix, header: FrameHeader(version: 1, messageType: type), body: BodyFrame(copying: $0)) }
    }

    @Test("an unrouted queue keeps order and stops at the first would-block")
    func unroutedOrder() {
        var queue = SendQueue()
        for type in 1...5 { queue.append(outbound(UInt16(type)), for: []) }
        #expect(queue.count == 5)
        #expect(queue.hasQueued(for: []))
        #expect(!queue.hasQueued(for: [1]))
        var sent: [UInt16] = []
        let first = queue.flush { message throws(WireError) in
            guard sent.count < 3 else { return false }
            sent.append(message.header.messageType)
            return true
        }
        #expect(first.sent == 3 && first.failed == 0)
        #expect(sent == [1, 2, 3])
        #expect(queue.count == 2)
        let second = queue.flush { message throws(WireError) in
            sent.append(message.header.messageType)
            return true
        }
        #expect(second.sent == 2)
        #expect(sent == [1, 2, 3, 4, 5])
        #expect(queue.isEmpty && !queue.hasQueued(for: []))
    }

    @Test("routed peers are independent: one blocked peer does not hold back another")
    func routedPeers() {
        var queue = SendQueue()
        let slow: [UInt8] = [0xAA], fast: [UInt8] = [0xBB]
        for type in 1...3 {
            queue.append(outbound(UInt16(type), slow), for: slow)
            queue.append(outbound(UInt16(10 + type), fast), for: fast)
        }
        queue.append(outbound(99), for: [])
        #expect(queue.count == 7)
        var sent: [UInt16] = []
        let result = queue.flush { message throws(WireError) in
            if message.prefix == slow { return false }
            sent.append(message.header.messageType)
            return true
        }
        #expect(result.sent == 4)
        #expect(sent.sorted() == [11, 12, 13, 99])
        #expect(queue.count == 3)
        #expect(queue.hasQueued(for: slow) && !queue.hasQueued(for: fast) && !queue.hasQueued(for: []))
    }

    @Test("a failing message is counted, dropped, and the rest still go")
    func failures() {
        var queue = SendQueue()
        for type in 1...3 { queue.append(outbound(UInt16(type)), for: []) }
        var sent: [UInt16] = []
        let result = queue.flush { message throws(WireError) in
            if message.header.messageType == 2 { throw WireError(.closed, message: "gone", operation: "send", endpoint: nil) }
            sent.append(message.header.messageType)
            return true
        }
        #expect(result.sent == 2 && result.failed == 1)
        #expect(result.lastError?.message == "gone")
        #expect(sent == [1, 3])
        #expect(queue.isEmpty)
    }

    @Test("removeAll reports what it dropped, routed and unrouted")
    func removeAll() {
        var queue = SendQueue()
        queue.append(outbound(1), for: [])
        queue.append(outbound(2, [7]), for: [7])
        #expect(queue.removeAll() == 2)
        #expect(queue.isEmpty && !queue.hasQueued(for: []) && !queue.hasQueued(for: [7]))
    }

    @Test("the default in-place decode copies and decodes like decodeBody")
    func defaultInPlaceDecode() throws {
        let codec = TestCodec()
        let body = try codec.encodeBody(.ping(42, filler: 3))
        let decoded = try body.withUnsafeBytes { raw throws(FrameError) in try codec.decodeBody(bytes: raw, type: 1) }
        #expect(decoded == .ping(42, filler: 3))
        #expect(throws: FrameError.self) {
            try [UInt8]([1, 2]).withUnsafeBytes { raw throws(FrameError) in try codec.decodeBody(bytes: raw, type: 1) }
        }
    }
}
