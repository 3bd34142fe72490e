import Foundation
import Testing
@testable import UpdraftWire

@Suite("Exchange between two ports")
struct ExchangeTests {
    static let count = 100_000

    @Test("100,000 messages each way, none lost, order kept", arguments: ["inproc://exchange-test", "tcp://127.0.0.1:*"])
    func exchange(endpoint: String) async throws {
        let context = ZMQContext()
        let serverLoop = MessageLoop(name: "server", context: context)
        let clientLoop = MessageLoop(name: "client", context: context)
        let router = try await serverLoop.bind(.router, endpoint, codec: TestCodec())
        let dealer = try await clientLoop.connect(.dealer, await router.endpoint, codec: TestCodec())

        // The server acknowledges every ping with a ping of the same number, from its own task.
        let echo = Task {
            var seen: UInt64 = 0
            for await batch in router.inbox {
                for envelope in batch {
                    guard envelope.message.sequence == seen else { return false }
                    seen += 1
                }
                if let peer = batch.last?.peer {
                    try? await router.send(contentsOf: batch.map(\.message), to: peer)
                }
                if seen == UInt64(Self.count) { return true }
            }
            return false
        }
        for start in stride(from: 0, to: Self.count, by: 1000) {
            try await dealer.send(contentsOf: (start..<start + 1000).map { TestMessage.ping(UInt64($0), filler: 20) })
        }
        let replies = try await collect(Self.count, from: dealer.inbox)
        #expect(await echo.value)
        #expect(replies.count == Self.count)
        #expect(replies.map { $0.message.sequence } == (0..<UInt64(Self.count)).map { Optional($0) })

        let serverStats = router.statistics()
        #expect(serverStats.messagesIn == Self.count)
        #expect(serverStats.messagesOut == Self.count)
        #expect(serverStats.byType["ping"]?.messagesIn == Self.count)
        #expect(serverStats.droppedTotal == 0)
        #expect(dealer.statistics().messagesOut == Self.count)
        await clientLoop.shutdown()
        await serverLoop.shutdown()
    }

    @Test("request waits for the reply and bypasses the inbox", arguments: ["inproc://request-reply", "ipc://", "tcp://127.0.0.1:*"])
    func requestReply(endpoint: String) async throws {
        let loop = MessageLoop(name: "rr")
        let path = "ipc:///tmp/updraft-wire-test-\(getpid()).ipc"
        let router = try await loop.bind(.router, endpoint == "ipc://" ? path : endpoint, codec: TestCodec())
        let dealer = try await loop.connect(.dealer, await router.endpoint, codec: TestCodec())
        let server = Task {
            for await batch in router.inbox {
                for envelope in batch {
                    guard case .text(let text) = envelope.message else { continue }
                    try? await router.send(.text(text.uppercased()), to: envelope.peer)
                }
            }
        }
        let reply = try await withTaskExecutorPreference(loop) {
            try await dealer.request(.text("hello"))
        }
        #expect(reply.message == .text("HELLO"))
        #expect(dealer.inbox.count == 0)
        // The loop's counters are a Codable snapshot (what `updraft stats` will show).
        let stats = loop.statistics()
        #expect(stats.map(\.kind).sorted() == ["DEALER", "ROUTER"])
        #expect(stats.first { $0.kind == "DEALER" }?.byType["text"]?.messagesOut == 1)
        #expect(stats.first { $0.kind == "ROUTER" }?.byType["text"]?.messagesIn == 1)
        let json = try JSONEncoder().encode(stats)
        #expect(try JSONDecoder().decode([SocketStatistics].self, from: json) == stats)
        await loop.shutdown()
        _ = await server.value
    }
}
