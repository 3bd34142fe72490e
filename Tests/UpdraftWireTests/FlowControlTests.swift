import Testing
@testable import UpdraftWire

@Suite("Send queues and bounded inboxes")
struct FlowControlTests {
    @Test("an absent peer with a tiny HWM does not stall another socket on the same loop")
    func slowPeerDoesNotStall() async throws {
        let loop = MessageLoop(name: "slow-peer")
        var tiny = PortOptions()
        tiny.sendHighWaterMark = 1
        tiny.name = "to-nobody"
        // Nobody listens on this endpoint: libzmq keeps at most the HWM, the rest waits in our queue.
        let stuck = try await loop.connect(.push, "inproc://nobody-home", codec: TestCodec(), options: tiny)
        try await stuck.send(contentsOf: (0..<500).map { TestMessage.ping(UInt64($0)) })
        #expect(await stuck.queuedSendCount > 400)

        let pull = try await loop.bind(.pull, "inproc://healthy", codec: TestCodec())
        let push = try await loop.connect(.push, "inproc://healthy", codec: TestCodec())
        try await push.send(contentsOf: (0..<2000).map { TestMessage.ping(UInt64($0)) })
        let received = try await collect(2000, from: pull.inbox)
        #expect(received.map { $0.message.sequence } == (0..<2000).map { Optional(UInt64($0)) })
        #expect(await stuck.queuedSendCount > 400)
        let stats = stuck.statistics()
        #expect(stats.queuedSends > 400)
        #expect(stats.queueDepth == (await stuck.queuedSendCount))

        // When the peer appears, the queue drains by itself (POLLOUT-driven).
        let waiter = Task { await stuck.waitUntilQueued(atMost: 0); return true }
        let late = try await loop.bind(.pull, "inproc://nobody-home", codec: TestCodec())
        #expect(try await withDeadline(10, "queue drain") { await waiter.value })
        let drained = try await collect(500, from: late.inbox)
        #expect(drained.count == 500)
        #expect(await stuck.queuedSendCount == 0)
        await loop.shutdown()
    }

    @Test("a consumer that does not read pushes back on the sender instead of growing memory")
    func boundedInbox() async throws {
        let context = ZMQContext()
        let senderLoop = MessageLoop(name: "sender", context: context)
        let receiverLoop = MessageLoop(name: "receiver", context: context)
        var small = PortOptions()
        small.inboxCapacity = 100
        small.receiveHighWaterMark = 10
        let pull = try await receiverLoop.bind(.pull, "inproc://bounded", codec: TestCodec(), options: small)
        var sender = PortOptions()
        sender.sendHighWaterMark = 10
        let push = try await senderLoop.connect(.push, "inproc://bounded", codec: TestCodec(), options: sender)
        try await push.send(contentsOf: (0..<5000).map { TestMessage.ping(UInt64($0)) })

        #expect(await eventually { pull.inbox.count == 100 })
        #expect(await eventually { await push.queuedSendCount > 4000 })
        #expect(pull.inbox.count == 100, "the inbox never exceeds its capacity")

        // Draining the inbox resumes the flow; everything arrives in order.
        let all = try await collect(5000, from: pull.inbox)
        #expect(all.map { $0.message.sequence } == (0..<5000).map { Optional(UInt64($0)) })
        #expect(await push.queuedSendCount == 0)
        await senderLoop.shutdown()
        await receiverLoop.shutdown()
    }

    @Test("a full send queue throws queue_full")
    func queueFull() async throws {
        let loop = MessageLoop(name: "queue-full")
        var options = PortOptions()
        options.sendHighWaterMark = 1
        options.maxQueuedSends = 10
        let push = try await loop.connect(.push, "inproc://never", codec: TestCodec(), options: options)
        let error = await #expect(throws: WireError.self) {
            try await push.send(contentsOf: (0..<100).map { TestMessage.ping(UInt64($0)) })
        }
        #expect(error?.code == .queueFull)
        #expect(await push.queuedSendCount == 10)
        #expect(push.statistics().sendFailures == 1)
        await loop.shutdown()
    }
}

@Suite("ROUTER send queues per peer")
struct RouterQueueTests {
    @Test("a stuck ROUTER peer does not hold back the others; when it vanishes its queue fails, counted once in the log")
    func stuckPeer() async throws {
        let log = CapturingLog()
        var options = PortOptions()
        options.sendHighWaterMark = 1
        options.logger = log.logger
        let loop = MessageLoop(name: "router-queues")
        let router = try await loop.bind(.router, "inproc://router-queues", codec: TestCodec(), options: options)

        // A raw DEALER that never reads, with the smallest receive buffer.
        let stuck = try ZMQSocket(.dealer, context: loop.context)
        try stuck.setReceiveHighWaterMark(1)
        try stuck.setRoutingID(Array("stuck".utf8))
        try stuck.connect("inproc://router-queues")
        _ = try stuck.send(frames: [FrameHeader(version: 1, messageType: 2).bytes, Array("hi".utf8)], dontWait: false)
        #expect(try await collect(1, from: router.inbox).first?.peer == PeerID("stuck"))

        try await router.send(contentsOf: (0..<200).map { TestMessage.ping(UInt64($0)) }, to: PeerID("stuck"))
        #expect(await router.queuedSendCount > 150)

        var healthyOptions = PortOptions()
        healthyOptions.routingID = PeerID("healthy")
        let healthy = try await loop.connect(.dealer, "inproc://router-queues", codec: TestCodec(), options: healthyOptions)
        try await healthy.send(.text("ready"))
        _ = try await collect(1, from: router.inbox)
        try await router.send(contentsOf: (0..<1000).map { TestMessage.ping(UInt64($0)) }, to: PeerID("healthy"))
        let received = try await collect(1000, from: healthy.inbox)
        #expect(received.map { $0.message.sequence } == (0..<1000).map { Optional(UInt64($0)) })
        #expect(await router.queuedSendCount > 150, "the stuck peer's messages still wait")

        stuck.close()
        #expect(await eventually { await router.queuedSendCount == 0 })
        let stats = router.statistics()
        #expect(stats.sendFailures > 150)
        #expect(stats.queueDepth == 0)
        let drops = log.lines.withLock { $0.filter { $0.contains("dropped") && $0.contains("queued") } }
        #expect(drops.count >= 1 && drops.count <= 3, "summed up, not one line per message: \(drops)")
        await loop.shutdown()
    }
}
