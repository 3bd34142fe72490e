import Foundation
import Logging
import Testing
import UpdraftProtocol
import UpdraftWire
@testable import UpdraftRuntime

@Suite("Stats endpoint: stats_request → stats_reply")
struct StatsEndpointTests {
    @Test("counts per socket and message type match what the test sent; gauges come along")
    func countsMatch() async throws {
        let loop = MessageLoop(name: "stats-counts")
        let server = StatsServer(loop: loop, process: "test@here:1") { ["custom.gauge": 42] }
        let endpoint = try await server.bind("tcp://127.0.0.1:0")
        await server.start()
        var options = PortOptions()
        options.name = "test PULL"
        let pull = try await loop.bind(.pull, "inproc://stats-counts-\(UInt32.random(in: 0...UInt32.max))", codec: UpdraftCodec(), options: options)
        let push = try await loop.connect(.push, await pull.endpoint, codec: UpdraftCodec())
        var beat = WireHeartbeat()
        beat.senderID = "t"
        for sequence in 1...7 {
            beat.sequence = UInt64(sequence)
            try await push.send(.heartbeat(beat))
        }
        var received = 0
        for await batch in pull.inbox {
            received += batch.count
            if received == 7 { break }
        }
        let client = try await StatsClient.connect(endpoint)
        let reply = try await client.fetch(requestID: 99)
        #expect(reply.requestID == 99)
        #expect(reply.process == "test@here:1")
        #expect(reply.gauges["custom.gauge"] == 42)
        let socket = try #require(reply.sockets.first { $0.name == "test PULL" })
        #expect(socket.socketType == "PULL")
        #expect(socket.msgsIn == 7)
        let heartbeat = try #require(socket.messageTypes.first { $0.typeName == "heartbeat" })
        #expect(heartbeat.typeCode == 20)
        #expect(heartbeat.msgsIn == 7)
        let stats = try #require(reply.sockets.first { $0.name == "stats ROUTER" })
        #expect(stats.messageTypes.first { $0.typeName == "stats_request" }?.msgsIn == 1)
        await client.close()
        await server.close()
        await loop.shutdown()
    }

    @Test("a malformed frame is counted and dropped; the endpoint still answers")
    func malformedFrame() async throws {
        let loop = MessageLoop(name: "stats-malformed")
        let server = StatsServer(loop: loop, process: "p") { [:] }
        let endpoint = try await server.bind("tcp://127.0.0.1:0")
        await server.start()
        let raw = try await loop.connect(.dealer, endpoint, codec: RawBytesCodec())
        try await raw.send([0xFF, 0xFF, 0xFF, 0xFF])
        let client = try await StatsClient.connect(endpoint)
        var dropped: UInt64 = 0
        for _ in 0..<50 where dropped == 0 {
            let reply = try await client.fetch()
            dropped = reply.sockets.first { $0.name == "stats ROUTER" }?.malformedByCode.values.reduce(0, +) ?? 0
            if dropped == 0 { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(dropped == 1)
        await client.close()
        await server.close()
        await loop.shutdown()
    }

    @Test("no endpoint there: fetch times out with an error")
    func timeout() async throws {
        let client = try await StatsClient.connect("tcp://127.0.0.1:1")
        await #expect(throws: WireError.self) { _ = try await client.fetch(timeout: .milliseconds(200)) }
        await client.close()
    }
}

/// Writes a valid header of type `stats_request` (60) over a body that is not protobuf: a
/// malformed frame for the receiver.
struct RawBytesCodec: MessageCodec {
    typealias Message = [UInt8]
    var protocolVersion: UInt16 { UpdraftCodec().protocolVersion }
    func typeCode(of message: [UInt8]) -> UInt16 { 60 }
    func typeName(_ code: UInt16) -> String? { "raw" }
    func encodeBody(_ message: [UInt8]) throws -> [UInt8] { message }
    func decodeBody(_ body: [UInt8], type code: UInt16) throws(FrameError) -> [UInt8] { body }
}
