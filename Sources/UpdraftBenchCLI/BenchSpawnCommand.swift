import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftRuntime

/// `updraft bench spawn`: cold-start latency of workers spawned on demand.
struct BenchSpawnCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spawn",
        abstract: "Measure the time from a task queued with zero workers to it running on a spawned worker.",
        discussion: """
            Starts an executor with an autoscaler (local spawner, min 0 / max 1 worker, idle \
            timeout 0). Each run submits one updraft.noop try with no worker registered, times \
            it until the spawned `updraft worker` child process reports it started, then lets \
            the autoscaler retire the worker and waits for the process to exit, so every run \
            is a cold start. Prints the median (spawn_to_running_p50_ms; target < 100 ms).
            """
    )

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Option(help: "Cold starts to measure (1...200).")
    var runs = 20

    @Option(help: "Transport the workers connect over: tcp or ipc.")
    var transport = "tcp"

    @Option(help: ArgumentHelp("Binary to start as `worker` (default: this one).", valueName: "path"))
    var executable: String?

    func validate() throws {
        guard (1...200).contains(runs) else { throw ValidationError("--runs must be between 1 and 200, got \(runs)") }
        guard ["tcp", "ipc"].contains(transport) else {
            throw ValidationError("--transport must be tcp or ipc, got '\(transport)'")
        }
        if let executable, !FileManager.default.isExecutableFile(atPath: executable) {
            throw ValidationError("--executable '\(executable)' is not an executable file")
        }
    }

    func run() async throws {
        let report = try await SpawnBenchmark.run(
            runs: runs, executable: executable ?? CurrentExecutable.path, transport: transport)
        try BenchReportPrinter.print(report, json: json, text: report.text)
        if !report.all_succeeded { throw ExitCode(1) }
    }
}
