import Histogram
import UpdraftProtocol
import UpdraftWire

/// Round trip actor -> actor: a DEALER port on one loop sends `request`s that a ROUTER
/// port on another loop answers from a task that runs on its loop; both sides await under
/// `withTaskExecutorPreference` of their loop, as the bridge design asks.
enum BridgedRoundTrip {
    /// p50 and p99 in microseconds over `count` round trips (after 500 warm-up ones).
    static func measure(count: Int, message: UpdraftMessage, endpoint: String, context: ZMQContext, curve: BenchCurve? = nil) async throws -> (p50: Double, p99: Double) {
        try await withTwoLoops("bench-client", "bench-server", context: context) { clientLoop, serverLoop in
            try await run(count: count, message: message, endpoint: endpoint, curve: curve, clientLoop: clientLoop, serverLoop: serverLoop)
        }
    }

    private static func run(
        count: Int, message: UpdraftMessage, endpoint: String, curve: BenchCurve?, clientLoop: MessageLoop, serverLoop: MessageLoop
    ) async throws -> (p50: Double, p99: Double) {
        var serverOptions = PortOptions(), clientOptions = PortOptions()
        serverOptions.curve = curve?.server
        clientOptions.curve = curve?.client
        let router = try await serverLoop.bind(.router, endpoint, codec: UpdraftCodec(), options: serverOptions)
        let dealer = try await clientLoop.connect(.dealer, await router.endpoint, codec: UpdraftCodec(), options: clientOptions)
        let server = Task(executorPreference: serverLoop) {
            for await batch in router.inbox {
                for envelope in batch { try? await router.send(envelope.message, to: envelope.peer) }
            }
        }
        let histogram = try await withTaskExecutorPreference(clientLoop) {
            var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
            let clock = ContinuousClock()
            for index in 0..<(count + 500) {
                let start = clock.now
                _ = try await dealer.request(message)
                let nanos = (clock.now - start).seconds * 1e9
                if index >= 500 { _ = histogram.record(UInt64(max(1, nanos))) }
            }
            return histogram
        }
        await router.close()
        _ = await server.value
        return (Double(histogram.valueAtPercentile(50)) / 1000, Double(histogram.valueAtPercentile(99)) / 1000)
    }
}
