/// The figures of one `updraft bench wire` run (medians over the rounds).
public struct WireBenchReport: Sendable, Codable {
    /// Raw libzmq PUSH/PULL inproc from Swift (C API, no bridge), same frames on the wire.
    public var raw_inproc_msgs_per_s: Double
    /// Full path over inproc: encode, loop bridge, inbox batches, protobuf decode.
    public var inproc_msgs_per_s: Double
    /// Full path over tcp://127.0.0.1.
    public var tcp_msgs_per_s: Double
    /// Full path over tcp://127.0.0.1 with CurveZMQ (the receiver a CURVE server with a ZAP
    /// handler, the sender a client with an allowed key), as between scheduler and workers.
    public var tcp_curve_msgs_per_s: Double
    /// `tcp_curve_msgs_per_s / tcp_msgs_per_s`, median of the per-round ratios.
    public var tcp_curve_over_tcp: Double
    /// Full path over tcp://127.0.0.1 with batches on (protocol version 2: the messages of
    /// one `send(contentsOf:)` travel as one ZeroMQ message of up to 64 KiB), as workers and
    /// executor of this build send.
    public var tcp_batched_msgs_per_s: Double
    /// The same with CurveZMQ.
    public var tcp_curve_batched_msgs_per_s: Double
    /// `tcp_curve_batched_msgs_per_s / tcp_batched_msgs_per_s`, median of the per-round
    /// ratios: what CURVE costs on the path the runtime uses (target ≥ 0.5).
    public var tcp_curve_batched_over_tcp_batched: Double
    /// The same full path over inproc with a pass-through codec (same frames, no protobuf):
    /// what the bridge alone (loop, queues, inbox) allows. Not a target; it shows the codec's share.
    public var bridge_only_inproc_msgs_per_s: Double
    /// Process CPU per message of that bridge-only round.
    public var bridge_only_inproc_cpu_ns_per_msg: Double
    /// The tracked ratio: median over rounds of (full path inproc rate / raw rate of the same
    /// round). Each round measures raw and then the full path back to back.
    public var inproc_over_raw: Double
    /// Lowest per-round ratio.
    public var inproc_over_raw_min: Double
    /// Highest per-round ratio.
    public var inproc_over_raw_max: Double
    /// Actor-to-actor round trip over inproc, median, microseconds.
    public var inproc_rtt_p50_us: Double
    /// Same, 99th percentile.
    public var inproc_rtt_p99_us: Double
    /// Actor-to-actor round trip over tcp, median, microseconds.
    public var tcp_rtt_p50_us: Double
    /// Same, 99th percentile.
    public var tcp_rtt_p99_us: Double
    /// Actor-to-actor round trip over tcp with CURVE, median, microseconds.
    public var tcp_curve_rtt_p50_us: Double
    /// Same, 99th percentile.
    public var tcp_curve_rtt_p99_us: Double
    /// Process CPU (all threads) per message, raw inproc: less disturbed by other load than the rates.
    public var raw_inproc_cpu_ns_per_msg: Double
    /// Process CPU per message, full path inproc.
    public var inproc_cpu_ns_per_msg: Double
    /// Process CPU per message, full path tcp.
    public var tcp_cpu_ns_per_msg: Double
    /// Codec alone: nanoseconds per `encodeBody(_:into:)` of the message into a libzmq frame,
    /// as ports encode (validation included).
    public var codec_encode_ns: Double
    /// Codec alone: nanoseconds per `decodeBody` (parse + validation), the receiver's floor.
    public var codec_decode_ns: Double
    /// Codec alone: this thread's CPU nanoseconds per `encodeBody(_:into:)` (steadier than the wall figure).
    public var codec_encode_cpu_ns: Double
    /// Codec alone: this thread's CPU nanoseconds per in-place `decodeBody(bytes:type:)`.
    public var codec_decode_cpu_ns: Double
    /// Messages per throughput round.
    public var messages: Int
    /// Round trips per latency round.
    public var round_trips: Int
    /// Rounds measured (medians reported).
    public var rounds: Int
    /// The message type used.
    public var message_type: String
    /// Bytes on the wire per message: header frame + body frame.
    public var message_bytes: Int

    /// A plain-text table of the figures.
    public var table: String {
        func rate(_ value: Double) -> String { String(format: "%8.3f M msg/s", value / 1e6) }
        func micros(_ value: Double) -> String { String(format: "%8.1f us", value) }
        func cpu(_ value: Double) -> String { String(format: "%7.0f ns CPU/msg", value) }
        return """
            updraft bench wire: \(message_type), \(message_bytes) bytes per message \
            ([8-byte header][\(message_bytes - 8)-byte protobuf body]); medians of \(rounds) rounds
            throughput (\(messages) messages)
              raw libzmq PUSH/PULL inproc (C API, no bridge)  \(rate(raw_inproc_msgs_per_s))  \(cpu(raw_inproc_cpu_ns_per_msg))
              full path inproc                                \(rate(inproc_msgs_per_s))  \(cpu(inproc_cpu_ns_per_msg))
              full path tcp 127.0.0.1                         \(rate(tcp_msgs_per_s))  \(cpu(tcp_cpu_ns_per_msg))
              full path tcp 127.0.0.1 + CURVE                 \(rate(tcp_curve_msgs_per_s))  (\(String(format: "%.0f", tcp_curve_over_tcp * 100)) % of tcp)
              full path tcp 127.0.0.1, batches                \(rate(tcp_batched_msgs_per_s))
              full path tcp 127.0.0.1 + CURVE, batches        \(rate(tcp_curve_batched_msgs_per_s))  (\(String(format: "%.0f", tcp_curve_batched_over_tcp_batched * 100)) % of tcp with batches)
              bridge only inproc (same frames, no protobuf)   \(rate(bridge_only_inproc_msgs_per_s))  \(cpu(bridge_only_inproc_cpu_ns_per_msg))
              inproc / raw, median of per-round ratios       \(String(format: "%8.1f %%", inproc_over_raw * 100)) \
            (rounds: \(String(format: "%.1f", inproc_over_raw_min * 100))-\(String(format: "%.1f", inproc_over_raw_max * 100)) %)
            codec alone: encode \(String(format: "%.0f", codec_encode_ns)) ns, decode \(String(format: "%.0f", codec_decode_ns)) ns per message \
            (CPU: \(String(format: "%.0f", codec_encode_cpu_ns)) + \(String(format: "%.0f", codec_decode_cpu_ns)) ns)
            round trip actor -> actor (\(round_trips) requests)      p50          p99
              inproc                                    \(micros(inproc_rtt_p50_us))  \(micros(inproc_rtt_p99_us))
              tcp 127.0.0.1                             \(micros(tcp_rtt_p50_us))  \(micros(tcp_rtt_p99_us))
              tcp 127.0.0.1 + CURVE                     \(micros(tcp_curve_rtt_p50_us))  \(micros(tcp_curve_rtt_p99_us))
            """
    }
}
