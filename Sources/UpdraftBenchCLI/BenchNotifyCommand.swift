import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftCLI

/// `updraft bench notify`: task end → webhook received latency.
struct BenchNotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Time callbacks: a task's end to its on_success_callback webhook's arrival, p50/p99.",
        discussion: """
            N DAG runs, one after the other, of a one-task DAG (a noop Swift task on an in-process \
            worker) in a temporary home; the task's on_success_callback posts JSON to an HTTP \
            receiver in this process on 127.0.0.1. Latency = arrival − the task instance's stored \
            end date. Build with -c release first.
            """
    )

    @Option(help: "DAG runs (one webhook each).")
    var runs = 200

    @Flag(help: "Print one JSON object: runs, received, sent, failed, latency_p50_ms, latency_p99_ms, latency_min_ms, latency_max_ms.")
    var json = false

    func validate() throws {
        guard (1...100_000).contains(runs) else { throw ValidationError("invalid --runs \(runs): must be 1...100000") }
    }

    func run() async throws {
        if !json { print("running \(runs) runs with a webhook callback each ...") }
        let report = try await NotifyBenchmark.run(runs: runs)
        print(json ? try JSONOutput.encode(report, pretty: false) : report.summary)
        if report.received != runs || report.failed > 0 { throw ExitCode(1) }
    }
}
