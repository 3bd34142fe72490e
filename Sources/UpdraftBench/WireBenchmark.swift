import UpdraftProtocol
import UpdraftWire

/// `updraft bench wire`: raw libzmq vs Updraft's full path, throughput and round trip, in one run.
public enum WireBenchmark {
    /// Runs `rounds` interleaved rounds of every measurement and reports the medians.
    /// `messages` is the count per throughput round; round trips are `messages / 20` (1,000 to
    /// 10,000 per round).
    ///
    /// The tracked ratio, `inproc_over_raw`, is the median over rounds of the full path's rate
    /// divided by the raw rate measured just before it in the same round: the raw figure
    /// swings by 2-3x from one second to the next on a shared machine, and pairing keeps both
    /// sides of each ratio under the same conditions.
    public static func run(messages: Int, rounds: Int = 5) async throws -> WireBenchReport {
        let message = MessageSamples.sample(.heartbeat)
        let codec = UpdraftCodec()
        let header = codec.header(for: message).bytes
        let body = try codec.encodeBody(message)
        let roundTrips = min(10_000, max(1000, messages / 20))
        let context = ZMQContext()
        let curve = try BenchCurve(context: context)
        var tcpCurve: [ThroughputSample] = [], tcpCurveRTT: [(Double, Double)] = []
        var raw: [ThroughputSample] = [], inproc: [ThroughputSample] = [], tcp: [ThroughputSample] = []
        var bridgeOnly: [ThroughputSample] = [], tcpBatched: [ThroughputSample] = [], tcpCurveBatched: [ThroughputSample] = []
        var inprocRTT: [(Double, Double)] = [], tcpRTT: [(Double, Double)] = []
        for round in 0..<rounds {
            raw.append(await RawThroughput.measure(count: messages, header: header, body: body))
            inproc.append(try await BridgedThroughput.measure(
                count: messages, message: message, endpoint: "inproc://bench-throughput-\(round)", context: context))
            bridgeOnly.append(try await BridgedThroughput.measure(
                count: messages, message: body, codec: BridgeOnlyCodec(type: codec.typeCode(of: message)),
                endpoint: "inproc://bench-bridge-only-\(round)", context: context))
            tcp.append(try await BridgedThroughput.measure(
                count: messages, message: message, endpoint: "tcp://127.0.0.1:*", context: context))
            tcpCurve.append(try await BridgedThroughput.measure(
                count: messages, message: message, endpoint: "tcp://127.0.0.1:*", context: context, curve: curve))
            tcpBatched.append(try await BridgedThroughput.measure(
                count: messages, message: message, endpoint: "tcp://127.0.0.1:*", context: context, batching: true))
            tcpCurveBatched.append(try await BridgedThroughput.measure(
                count: messages, message: message, endpoint: "tcp://127.0.0.1:*", context: context, curve: curve, batching: true))
            inprocRTT.append(try await BridgedRoundTrip.measure(
                count: roundTrips, message: message, endpoint: "inproc://bench-rtt-\(round)", context: context))
            tcpRTT.append(try await BridgedRoundTrip.measure(
                count: roundTrips, message: message, endpoint: "tcp://127.0.0.1:*", context: context))
            tcpCurveRTT.append(try await BridgedRoundTrip.measure(
                count: roundTrips, message: message, endpoint: "tcp://127.0.0.1:*", context: context, curve: curve))
        }
        await curve.zap.stop()
        let curveRatios = zip(tcpCurve, tcp).map { $1.messagesPerSecond > 0 ? $0.messagesPerSecond / $1.messagesPerSecond : 0 }
        let batchedCurveRatios = zip(tcpCurveBatched, tcpBatched).map { $1.messagesPerSecond > 0 ? $0.messagesPerSecond / $1.messagesPerSecond : 0 }
        let codecCost = try CodecCost.measure(message: message, codec: codec, count: min(messages, 100_000))
        let rawMedian = median(raw.map(\.messagesPerSecond)), inprocMedian = median(inproc.map(\.messagesPerSecond))
        let pairedRatios = zip(inproc, raw).map { $1.messagesPerSecond > 0 ? $0.messagesPerSecond / $1.messagesPerSecond : 0 }
        return WireBenchReport(
            raw_inproc_msgs_per_s: rawMedian,
            inproc_msgs_per_s: inprocMedian,
            tcp_msgs_per_s: median(tcp.map(\.messagesPerSecond)),
            tcp_curve_msgs_per_s: median(tcpCurve.map(\.messagesPerSecond)),
            tcp_curve_over_tcp: median(curveRatios),
            tcp_batched_msgs_per_s: median(tcpBatched.map(\.messagesPerSecond)),
            tcp_curve_batched_msgs_per_s: median(tcpCurveBatched.map(\.messagesPerSecond)),
            tcp_curve_batched_over_tcp_batched: median(batchedCurveRatios),
            bridge_only_inproc_msgs_per_s: median(bridgeOnly.map(\.messagesPerSecond)),
            bridge_only_inproc_cpu_ns_per_msg: median(bridgeOnly.map(\.cpuNanosecondsPerMessage)),
            inproc_over_raw: median(pairedRatios),
            inproc_over_raw_min: pairedRatios.min() ?? 0,
            inproc_over_raw_max: pairedRatios.max() ?? 0,
            inproc_rtt_p50_us: median(inprocRTT.map(\.0)),
            inproc_rtt_p99_us: median(inprocRTT.map(\.1)),
            tcp_rtt_p50_us: median(tcpRTT.map(\.0)),
            tcp_rtt_p99_us: median(tcpRTT.map(\.1)),
            tcp_curve_rtt_p50_us: median(tcpCurveRTT.map(\.0)),
            tcp_curve_rtt_p99_us: median(tcpCurveRTT.map(\.1)),
            raw_inproc_cpu_ns_per_msg: median(raw.map(\.cpuNanosecondsPerMessage)),
            inproc_cpu_ns_per_msg: median(inproc.map(\.cpuNanosecondsPerMessage)),
            tcp_cpu_ns_per_msg: median(tcp.map(\.cpuNanosecondsPerMessage)),
            codec_encode_ns: codecCost.encode, codec_decode_ns: codecCost.decode,
            codec_encode_cpu_ns: codecCost.encodeCPU, codec_decode_cpu_ns: codecCost.decodeCPU,
            messages: messages, round_trips: roundTrips, rounds: rounds,
            message_type: codec.typeName(codec.typeCode(of: message)) ?? "?",
            message_bytes: header.count + body.count)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
