import ArgumentParser
import Foundation
import Logging
import UpdraftBench
import UpdraftCLI

/// `updraft bench sensor`: reaction latency of external_task sensors, and the worker slots
/// waiting sensors hold (none).
struct BenchSensorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensor",
        abstract: "Time external_task sensors: upstream task end -> sensor success, over N DAG pairs.",
        discussion: """
            Runs N upstream/downstream DAG pairs in one in-process runtime (temp SQLite home, \
            scheduler, executor, one worker). Targets for 100 pairs: reaction p50 under 2 ms, p99 under \
            10 ms, 0 worker slots held by waiting sensors. Exits 1 when a run did not succeed or a \
            waiting sensor held a slot.
            """
    )

    @Option(help: "Number of upstream/downstream DAG pairs.")
    var pairs = 100

    @Flag(help: "Print JSON: pairs, reaction_p50_ms, reaction_p99_ms, reaction_max_ms, event_to_success_p50_ms, event_to_success_p99_ms, worker_slots_held, sensors_waiting, all_succeeded, seconds.")
    var json = false

    func validate() throws {
        guard pairs > 0, pairs <= 10_000 else {
            throw ValidationError("--pairs must be between 1 and 10000 (got \(pairs))")
        }
    }

    func run() async throws {
        var logger = Logger(label: "bench-sensor")
        logger.logLevel = .error
        let report = try await SensorBench.run(pairs: pairs, logger: logger)
        if json {
            print(try JSONOutput.encode(report, pretty: false))
        } else {
            print(report.text)
        }
        if !report.allSucceeded || report.workerSlotsHeld != 0 { throw ExitCode(1) }
    }
}
