import Foundation
import Logging
import Testing
@testable import UpdraftBench
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("updraft bench sensor")
struct BenchSensorTests {
    @Test("a small run: every pair succeeds, every sensor waited without a worker slot, the JSON has the issue's keys")
    func smallRun() async throws {
        var logger = Logger(label: "bench-sensor-test")
        logger.logLevel = .error
        let report = try await SensorBench.run(pairs: 3, logger: logger)
        #expect(report.pairs == 3)
        #expect(report.allSucceeded)
        #expect(report.sensorsWaiting == 3)
        #expect(report.workerSlotsHeld == 0)
        #expect(report.reactionP50Ms > 0)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        for key in ["pairs", "reaction_p50_ms", "reaction_p99_ms", "worker_slots_held", "all_succeeded"] {
            #expect(json?[key] != nil, "missing \(key)")
        }
    }

    @Test("--pairs must be positive: a clear error naming the flag")
    func badPairs() throws {
        #expect(throws: (any Error).self) { let _: BenchSensorCommand = try parse(["bench", "sensor", "--pairs", "0"]) }
        let command: BenchSensorCommand = try parse(["bench", "sensor", "--pairs", "5", "--json"])
        #expect(command.pairs == 5 && command.json)
        do {
            let _: BenchSensorCommand = try parse(["bench", "sensor", "--pairs", "0"])
        } catch {
            #expect(UpdraftToolCommand.message(for: error).contains("--pairs"))
        }
    }
}
