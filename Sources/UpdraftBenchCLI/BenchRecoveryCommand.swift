import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftRuntime

/// `updraft bench recovery`: how fast a killed scheduler resumes dispatching.
struct BenchRecoveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recovery",
        abstract: "Measure the time from a SIGKILLed scheduler's restart to its first try dispatched again.",
        discussion: """
            Starts a real `updraft scheduler` and tcp `updraft worker`s on a temporary home, \
            triggers a fan-out that waits for pool slots, then SIGKILLs the scheduler at random \
            moments (seeded) and starts it again, --restarts times. Each restart is timed from \
            the new process's start to the first task starting again on a worker \
            (restart_to_dispatch_p50_ms; target < 1,000 ms). Every run must succeed.
            """
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: "Scheduler kills to measure (1...100).")
    var restarts = 10

    @Option(name: .customLong("fan-out"), help: "Fan-out tasks per run (10...5000).")
    var fanOut = 300

    @Option(help: "Workers (1...8), each with --concurrency 4.")
    var workers = 2

    @Option(help: "Seed of the kill times (default: random, printed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Binary to start (default: this one).", valueName: "path"))
    var executable: String?

    func validate() throws {
        guard (1...100).contains(restarts) else { throw ValidationError("--restarts must be between 1 and 100, got \(restarts)") }
        guard (10...5000).contains(fanOut) else { throw ValidationError("--fan-out must be between 10 and 5000, got \(fanOut)") }
        guard (1...8).contains(workers) else { throw ValidationError("--workers must be between 1 and 8, got \(workers)") }
        if let executable, !FileManager.default.isExecutableFile(atPath: executable) {
            throw ValidationError("--executable '\(executable)' is not an executable file")
        }
    }

    func run() async throws {
        var settings = RecoveryBenchmark.Settings(executable: executable ?? CurrentExecutable.path)
        settings.restarts = restarts
        settings.fanOut = fanOut
        settings.workers = workers
        if let seed { settings.seed = seed }
        let report = try await RecoveryBenchmark.run(settings)
        try BenchReportPrinter.print(report, json: json, text: report.text)
        if !report.all_succeeded { throw ExitCode(1) }
    }
}
