import ArgumentParser
import Foundation
import Logging
import UpdraftBench
import UpdraftCLI

/// `updraft bench api`: the HTTP API's throughput and latencies over loopback.
struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Time the HTTP API: DAG list throughput, a 1,000-task run's task instances, SSE event latency.",
        discussion: """
            Writes DAGs x tasks with N finished runs each (and one 1,000-task run) to a temporary \
            home's store, serves it with the API server and the event bus standalone uses, and \
            measures from clients in this process over 127.0.0.1 (on threads of their own). \
            Targets: dags_list_rps >= 5,000 (2 connections), task_instances_p50_ms < 20, \
            event_latency_p50_ms < 5. Build with -c release before quoting figures.
            """
    )

    @Option(help: "Generated DAGs.") var dags = 100
    @Option(help: "Tasks per DAG.") var tasks = 20
    @Option(help: "Finished runs per DAG.") var runs = 25
    @Option(help: "Seconds of DAG-list load.") var seconds = 5.0
    @Option(help: "Events timed.") var events = 500

    @Flag(help: "Print JSON: dags, tasks_per_dag, runs_per_dag, dags_list_rps, dags_list_p50_ms, dags_list_p99_ms, task_instances_p50_ms, task_instances_p99_ms, event_latency_p50_ms, event_latency_p99_ms, events, seconds.")
    var json = false

    func validate() throws {
        guard (1...10_000).contains(dags), (1...1_000).contains(tasks), (1...1_000).contains(runs) else {
            throw ValidationError("--dags 1...10000, --tasks 1...1000, --runs 1...1000")
        }
        guard seconds > 0, seconds <= 600, (1...100_000).contains(events) else {
            throw ValidationError("--seconds must be in (0, 600] and --events in 1...100000")
        }
    }

    func run() async throws {
        var logger = Logger(label: "bench-api")
        logger.logLevel = .error
        let report = try await APIBench.run(dags: dags, tasks: tasks, runs: runs, seconds: seconds, events: events, logger: logger)
        print(json ? try JSONOutput.encode(report, pretty: false) : report.text)
    }
}
