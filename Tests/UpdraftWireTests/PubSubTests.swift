import CZeroMQ
import Synchronization
import Testing
@testable import UpdraftWire

@Suite("Topics on PUB/SUB")
struct PubSubTests {
    @Test("a SUB port gets only its topics, with the topic frame in the envelope")
    func topicsFilter() async throws {
        let loop = MessageLoop(name: "pubsub")
        let pub = try await loop.bind(.pub, "inproc://events", codec: TestCodec())
        var options = PortOptions()
        options.subscriptions = ["etl_daily"]
        let sub = try await loop.connect(.sub, "inproc://events", codec: TestCodec(), options: options)
        // Subscriptions travel asynchronously: publish until the first one gets through.
        #expect(await eventually {
            try? await pub.send(.text("other"), topic: "reports")
            try? await pub.send(.text("mine"), topic: "etl_daily")
            return sub.inbox.count > 0
        })
        let received = try await collect(1, from: sub.inbox)
        #expect(received.allSatisfy { $0.message == .text("mine") && $0.topic == Array("etl_daily".utf8) })
        // The loop above may have sent "mine" more than once; later copies can come in a
        // later batch, so the counter is at least what this batch holds.
        #expect((sub.statistics().byType["text"]?.messagesIn ?? 0) >= received.count)
        #expect(pub.statistics().messagesOut >= 2)
        await loop.shutdown()
    }

    @Test("receive-only and send-only kinds refuse the wrong direction with a typed error")
    func wrongDirection() async throws {
        let loop = MessageLoop(name: "direction")
        let pull = try await loop.bind(.pull, "inproc://direction", codec: TestCodec())
        let error = await #expect(throws: WireError.self) { try await pull.send(.text("no")) }
        #expect(error?.code == .misuse)
        let router = try await loop.bind(.router, "inproc://direction-router", codec: TestCodec())
        let noPeer = await #expect(throws: WireError.self) { try await router.send(.text("to whom?")) }
        #expect(noPeer?.code == .misuse)
        await loop.shutdown()
    }

    @Test("an XPUB port reports every subscription, a second subscriber's and a re-subscription included")
    func subscriptionsReported() async throws {
        let loop = MessageLoop(name: "xpub")
        let xpub = try await loop.bind(.xpub, "inproc://xpub-subs", codec: TestCodec())
        let seen = Mutex<[SubscriptionChange]>([])
        try await xpub.onSubscription { change in seen.withLock { $0.append(change) } }
        let first = try await loop.connect(.sub, "inproc://xpub-subs", codec: TestCodec())
        let second = try await loop.connect(.sub, "inproc://xpub-subs", codec: TestCodec())
        try await first.subscribe("etl")
        try await second.subscribe("etl")
        try await first.subscribe("reports")
        #expect(await eventually { seen.withLock { $0.count } >= 3 })
        let changes = seen.withLock { $0 }
        #expect(changes.filter { $0.topic == Array("etl".utf8) && $0.subscribed }.count == 2)
        #expect(changes.contains(SubscriptionChange(topic: Array("reports".utf8), subscribed: true)))
        // Publishing still works on the same socket.
        #expect(await eventually {
            try? await xpub.send(.text("hello"), topic: "etl")
            return first.inbox.count > 0
        })
        await loop.shutdown()
    }

    @Test("an XPUB drops what is not a subscription (raw XSUB garbage), counts it, and keeps reporting")
    func badSubscriptionFrames() async throws {
        let loop = MessageLoop(name: "xpub-garbage")
        let xpub = try await loop.bind(.xpub, "inproc://xpub-garbage", codec: TestCodec())
        let seen = Mutex<[SubscriptionChange]>([])
        try await xpub.onSubscription { change in seen.withLock { $0.append(change) } }
        // An XSUB may send anything upstream; only [0|1][topic] single frames are subscriptions.
        let raw = try ZMQSocket(SocketKind(ZMQ_XSUB, "XSUB"), context: loop.context)
        defer { raw.close() }
        try raw.connect("inproc://xpub-garbage")
        #expect(try raw.send(frames: [[0x05, 0x41]]))            // unknown first byte
        // Two frames: libzmq takes the first as a subscription to "A" (so it is reported) and
        // passes the second up alone (not a subscription: dropped).
        #expect(try raw.send(frames: [[0x01, 0x41], [0x42]]))
        #expect(try raw.send(frames: [[0x01] + Array("ok".utf8)]))  // a real subscription
        #expect(await eventually { seen.withLock { $0 }.count >= 2 })
        #expect(seen.withLock { $0 } == [SubscriptionChange(topic: [0x41], subscribed: true),
                                         SubscriptionChange(topic: Array("ok".utf8), subscribed: true)])
        #expect(xpub.statistics().dropped["bad_frame_count"] == 2)
        await loop.shutdown()
    }

    @Test("onSubscription on a port that is not XPUB is a misuse error")
    func subscriptionsOnlyOnXPUB() async throws {
        let loop = MessageLoop(name: "xpub-misuse")
        let pub = try await loop.bind(.pub, "inproc://not-xpub", codec: TestCodec())
        let error = await #expect(throws: WireError.self) { try await pub.onSubscription { _ in } }
        #expect(error?.code == .misuse)
        await loop.shutdown()
    }
}
