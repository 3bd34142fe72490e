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
        #expect(sub.statistics().byType["text"]?.messagesIn == received.count)
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
}
