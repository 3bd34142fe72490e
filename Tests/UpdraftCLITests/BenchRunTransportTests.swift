import Foundation
import Testing
@testable import UpdraftBench

/// `bench run --transport`: the in-process workers over tcp://127.0.0.1, with CurveZMQ (the
/// home's client keys, allowed by the home's scheduler) or in clear.
@Suite("updraft bench run over tcp")
struct BenchRunTransportTests {
    @Test("a small chain runs to success over tcp with CURVE and over tcp in clear", arguments: [RunBenchTransport.tcp, .tcpPlain])
    func chainOverTCP(transport: RunBenchTransport) async throws {
        var options = RunBenchmark.Options(tasks: 5, shape: .chain, kind: .noop)
        options.transport = transport
        let report = try await RunBenchmark.run(options)
        #expect(report.allSucceeded, "\(report.states)")
        #expect(report.transport == transport.rawValue && report.handoffSamples == 4)
    }
}
