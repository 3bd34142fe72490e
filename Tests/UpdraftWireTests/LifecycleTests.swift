import Synchronization
import Testing
@testable import UpdraftWire

@Suite("Reconnects and shutdown")
struct LifecycleTests {
    @Test("a DEALER that disconnects and comes back does not wedge the ROUTER")
    func dealerReconnects() async throws {
        let loop = MessageLoop(name: "reconnect")
        let router = try await loop.bind(.router, "tcp://127.0.0.1:*", codec: TestCodec())
        let endpoint = await router.endpoint
        let echo = Task {
            for await batch in router.inbox {
                for envelope in batch { try? await router.send(envelope.message, to: envelope.peer) }
            }
        }
        var options = PortOptions()
        options.routingID = PeerID("worker-1")
        let first = try await loop.connect(.dealer, endpoint, codec: TestCodec(), options: options)
        let one = try await withDeadline { try await first.request(.text("one")) }
        #expect(one.message == .text("one"))
        await first.close()

        // The ROUTER notices the peer is gone: a send to it fails fast instead of blocking.
        #expect(await eventually {
            do { try await router.send(.text("late"), to: PeerID("worker-1")); return false } catch { return true }
        })
        let second = try await loop.connect(.dealer, endpoint, codec: TestCodec(), options: options)
        let two = try await withDeadline { try await second.request(.text("two")) }
        #expect(two.message == .text("two"))
        await loop.shutdown()
        _ = await echo.value
    }

    @Test("a request without an answer times out with a typed error; the late reply goes to the inbox")
    func requestTimeout() async throws {
        let loop = MessageLoop(name: "timeout")
        let router = try await loop.bind(.router, "inproc://silent", codec: TestCodec())
        let dealer = try await loop.connect(.dealer, "inproc://silent", codec: TestCodec())
        let error = await #expect(throws: WireError.self) {
            try await dealer.request(.text("anyone?"), timeout: .milliseconds(50))
        }
        #expect(error?.code == .timeout)
        #expect(error?.operation == "request")
        let asked = try await collect(1, from: router.inbox)
        let peer = try #require(asked.first?.peer)
        try await router.send(.text("late answer"), to: peer)
        let late = try await collect(1, from: dealer.inbox)
        #expect(late.first?.message == .text("late answer"))
        // A request with a timeout that is answered in time returns the reply.
        let echo = Task {
            for await batch in router.inbox {
                for envelope in batch { try? await router.send(envelope.message, to: envelope.peer) }
            }
        }
        let answered = try await dealer.request(.text("quick"), timeout: .seconds(60))
        #expect(answered.message == .text("quick"))
        await loop.shutdown()
        _ = await echo.value
    }

    @Test("a ROUTER that restarts on the same endpoint hears from the DEALER again")
    func routerRestarts() async throws {
        let loop = MessageLoop(name: "restart")
        let router = try await loop.bind(.router, "tcp://127.0.0.1:*", codec: TestCodec())
        let endpoint = await router.endpoint
        var options = PortOptions()
        options.reconnectInterval = 20
        let dealer = try await loop.connect(.dealer, endpoint, codec: TestCodec(), options: options)
        try await dealer.send(.text("before"))
        #expect(try await collect(1, from: router.inbox).first?.message == .text("before"))
        await router.close()

        // A message sent before the DEALER notices the old connection is gone may go down
        // with that connection (ZeroMQ semantics); the DEALER must reconnect and deliver again.
        // libzmq closes the old listener on its I/O thread: retry the bind until the port is free.
        let rebound = Mutex<WirePort<TestCodec>?>(nil)
        #expect(await eventually {
            guard let port = try? await loop.bind(.router, endpoint, codec: TestCodec()) else { return false }
            rebound.withLock { $0 = port }
            return true
        })
        let reborn = try #require(rebound.withLock { $0 })
        #expect(await eventually {
            try? await dealer.send(.text("again"))
            return reborn.inbox.count > 0
        })
        let got = try await collect(1, from: reborn.inbox)
        #expect(got.first?.message == .text("again"))
        await loop.shutdown()
    }

    @Test("shutdown with pending sends to a dead peer closes every port and does not hang")
    func shutdownWithPendingSends() async throws {
        let loop = MessageLoop(name: "shutdown")
        var options = PortOptions()
        options.sendHighWaterMark = 1
        let dealer = try await loop.connect(.dealer, "tcp://127.0.0.1:9", codec: TestCodec(), options: options)
        try await dealer.send(contentsOf: (0..<50).map { TestMessage.ping(UInt64($0)) })
        #expect(await dealer.queuedSendCount > 0)
        let router = try await loop.bind(.router, "inproc://shutdown-router", codec: TestCodec())
        let pending = Task { try await dealer.request(.text("never answered")) }
        let consumer = Task { for await _ in router.inbox {} ; return true }

        try await withDeadline(10, "loop shutdown") { await loop.shutdown() }
        #expect(await dealer.isClosed)
        #expect(await router.isClosed)
        let failure = await #expect(throws: WireError.self) { try await pending.value }
        #expect(failure?.code == .closed)
        #expect(try await withDeadline(5, "inbox end") { await consumer.value })
        #expect(loop.statistics().allSatisfy { $0.isClosed })
        // A port used after shutdown reports closed instead of crashing.
        let late = await #expect(throws: WireError.self) { try await dealer.send(.text("late")) }
        #expect(late?.code == .closed)
    }
}
