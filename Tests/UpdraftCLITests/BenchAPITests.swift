import Foundation
import Logging
import Testing
@testable import UpdraftBench
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("updraft bench api")
struct BenchAPITests {
    @Test("a small run: every figure is measured and the JSON has the issue's keys")
    func smallRun() async throws {
        var logger = Logger(label: "bench-api-test")
        logger.logLevel = .error
        let report = try await APIBench.run(dags: 3, tasks: 5, runs: 2, seconds: 0.3, events: 20,
                                             taskInstanceRequests: 5, logger: logger)
        #expect(report.dagsListRps > 0 && report.dagsListP99Ms >= report.dagsListP50Ms)
        #expect(report.taskInstancesP50Ms > 0)
        #expect(report.events == 20 && report.eventLatencyP50Ms > 0)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        for key in ["dags_list_rps", "dags_list_p99_ms", "task_instances_p50_ms", "event_latency_p50_ms", "event_latency_p99_ms"] {
            #expect(json?[key] != nil, "missing \(key)")
        }
    }

    @Test("bad sizes are refused naming the flags")
    func badFlags() throws {
        #expect(throws: (any Error).self) { let _: BenchAPICommand = try parse(["bench", "api", "--dags", "0"]) }
        #expect(throws: (any Error).self) { let _: BenchAPICommand = try parse(["bench", "api", "--seconds", "0"]) }
        let command: BenchAPICommand = try parse(["bench", "api", "--json"])
        #expect(command.json && command.dags == 100 && command.tasks == 20 && command.runs == 25)
    }
}
