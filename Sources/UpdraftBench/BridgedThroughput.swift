import Foundation
import UpdraftProtocol
import UpdraftWire

/// Throughput through Updraft's full path: a PUSH `WirePort` on one loop encodes and
/// sends, a PULL `WirePort` on another loop decodes and hands batches to its inbox, and an
/// ordinary task consumes the inbox.
enum BridgedThroughput {
    /// Messages per second for `count` copies of `message` over `endpoint`.
    /// With `batching`, the sender sends batches (protocol version 2).
    static func measure(
        count: Int, message: UpdraftMessage, endpoint: String, context: ZMQContext, curve: BenchCurve? = nil, batching: Bool = false
    ) async throws -> ThroughputSample {
        try await measure(count: count, message: message, codec: UpdraftCodec(), endpoint: endpoint, context: context, curve: curve, batching: batching)
    }

    /// Same path with any codec (`BridgeOnlyCodec` separates the bridge's cost from the codec's).
    static func measure<Codec: MessageCodec>(
        count: Int, message: Codec.Message, codec: Codec, endpoint: String, context: ZMQContext, curve: BenchCurve? = nil,
        batching: Bool = false
    ) async throws -> ThroughputSample {
        try await withTwoLoops("bench-send", "bench-receive", context: context) { senderLoop, receiverLoop in
            try await run(count: count, message: message, codec: codec, endpoint: endpoint, curve: curve, batching: batching,
                          senderLoop: senderLoop, receiverLoop: receiverLoop)
        }
    }

    private static func run<Codec: MessageCodec>(
        count: Int, message: Codec.Message, codec: Codec, endpoint: String, curve: BenchCurve?, batching: Bool,
        senderLoop: MessageLoop, receiverLoop: MessageLoop
    ) async throws -> ThroughputSample {
        var options = PortOptions()
        options.maxQueuedSends = count + 1
        var serverOptions = options, clientOptions = options
        serverOptions.curve = curve?.server
        clientOptions.curve = curve?.client
        let pull = try await receiverLoop.bind(.pull, endpoint, codec: codec, options: serverOptions)
        let push = try await senderLoop.connect(.push, await pull.endpoint, codec: codec, options: clientOptions)
        await push.setBatching(batching)

        // Warm up: connection, buffers, first decode.
        try await push.send(contentsOf: repeatElement(message, count: 1000))
        _ = await receive(1000, from: pull.inbox)

        let chunk = Array(repeating: message, count: 256)
        let start = ContinuousClock.now
        let cpuStart = ProcessCPU.nanoseconds()
        let consumer = Task { await receive(count, from: pull.inbox) }
        try await withTaskExecutorPreference(senderLoop) {
            var sent = 0
            while sent < count {
                let n = min(chunk.count, count - sent)
                try await push.send(contentsOf: chunk.prefix(n))
                sent += n
                await push.waitUntilQueued(atMost: 2048)
            }
        }
        let received = await consumer.value
        let elapsed = ContinuousClock.now - start
        let cpu = Double(ProcessCPU.nanoseconds() - cpuStart)
        guard received == count else { throw BenchError("received \(received) of \(count) messages") }
        return ThroughputSample(messagesPerSecond: Double(count) / elapsed.seconds, cpuNanosecondsPerMessage: cpu / Double(count))
    }

    /// Counts messages from the inbox until `count` have arrived.
    private static func receive<Message>(_ count: Int, from inbox: WireInbox<Message>) async -> Int {
        var received = 0
        for await batch in inbox {
            received += batch.count
            if received >= count { break }
        }
        return received
    }
}

/// A benchmark that could not complete.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

