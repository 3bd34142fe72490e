import Foundation
import Testing
import UpdraftBench

/// One tiny run of `updraft bench wire`: every figure is measured and the JSON carries the
/// keys the issue asks for (no timing assertions: the figures themselves go to the report).
@Suite("updraft bench wire run")
struct WireBenchmarkRunTests {
    @Test("a small run reports every throughput, round-trip and codec figure")
    func smallRun() async throws {
        let report = try await WireBenchmark.run(messages: 2000, rounds: 1)
        #expect(report.raw_inproc_msgs_per_s > 0)
        #expect(report.inproc_msgs_per_s > 0)
        #expect(report.tcp_msgs_per_s > 0)
        #expect(report.bridge_only_inproc_msgs_per_s > 0)
        #expect(report.inproc_rtt_p50_us > 0 && report.inproc_rtt_p99_us >= report.inproc_rtt_p50_us)
        #expect(report.tcp_rtt_p50_us > 0 && report.tcp_rtt_p99_us >= report.tcp_rtt_p50_us)
        #expect(report.tcp_curve_msgs_per_s > 0 && report.tcp_curve_over_tcp > 0)
        #expect(report.tcp_curve_rtt_p50_us > 0 && report.tcp_curve_rtt_p99_us >= report.tcp_curve_rtt_p50_us)
        #expect(report.codec_encode_cpu_ns > 0 && report.codec_decode_cpu_ns > 0)
        #expect(report.message_type == "heartbeat")
        // One round: the paired ratio is that round's full path over its raw rate.
        #expect(abs(report.inproc_over_raw - report.inproc_msgs_per_s / report.raw_inproc_msgs_per_s) < 1e-9)
        #expect(report.inproc_over_raw_min == report.inproc_over_raw && report.inproc_over_raw_max == report.inproc_over_raw)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any] ?? [:]
        for key in ["raw_inproc_msgs_per_s", "inproc_msgs_per_s", "tcp_msgs_per_s", "inproc_rtt_p50_us",
                    "inproc_rtt_p99_us", "tcp_rtt_p50_us", "tcp_rtt_p99_us", "bridge_only_inproc_msgs_per_s",
                    "inproc_over_raw", "inproc_over_raw_min", "inproc_over_raw_max",
                    "tcp_curve_msgs_per_s", "tcp_curve_over_tcp", "tcp_curve_rtt_p50_us", "tcp_curve_rtt_p99_us"] {
            #expect(json[key] is Double, "missing \(key)")
        }
        #expect(report.table.contains("bridge only inproc"))
    }
}
