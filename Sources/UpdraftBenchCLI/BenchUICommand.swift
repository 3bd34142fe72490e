import ArgumentParser
import Foundation
import Logging
import UpdraftBench
import UpdraftCLI

/// `updraft bench ui`: the web UI's pages and live updates.
struct BenchUICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui",
        abstract: "Time the web UI: grid, graph and DAGs pages, and SSE event → painted cell in headless Chromium.",
        discussion: """
            Writes a 1,000-task DAG with 25 runs and --dags DAGs in all (25 runs each) to a \
            temporary home's store, serves them with the API server and event bus standalone \
            uses, times the pages from a client in this process over 127.0.0.1, then opens the \
            grid in a real headless Chromium (chromium + chromium-driver; .ci/setup installs \
            them) and times state changes from the commit and from the SSE event to the frame \
            that shows the cell. Targets: grid_1000x25_ms < 100 and grid_bytes < 1 MB, \
            graph_1000_ms < 100, ui_event_to_paint_ms < 100. Build with -c release before \
            quoting figures.
            """
    )

    @Option(help: "DAGs on the DAGs page, the grid's DAG included (2...10000).") var dags = 1000
    @Option(help: "Tasks of the grid's DAG (10...5000).") var tasks = 1000
    @Option(help: "Runs of every DAG: the grid's columns (1...100).") var runs = 25
    @Option(help: "Timed requests per page (1...1000).") var requests = 30
    @Option(help: "State changes timed in the browser (1...2000).") var events = 100

    @Flag(help: "Print JSON: grid_tasks, grid_runs, dags, grid_1000x25_ms, grid_1000x25_p99_ms, grid_bytes, grid_html_bytes, graph_1000_ms, graph_bytes, dags_page_1000_dags_ms, dags_page_bytes, ui_event_to_paint_ms, ui_event_to_paint_p99_ms, ui_commit_to_paint_ms, ui_commit_to_paint_p99_ms, events, browser, seconds.")
    var json = false

    func validate() throws {
        guard (2...10_000).contains(dags) else { throw ValidationError("--dags must be in 2...10000 (got \(dags))") }
        guard (10...5_000).contains(tasks) else { throw ValidationError("--tasks must be in 10...5000 (got \(tasks))") }
        guard (1...100).contains(runs) else { throw ValidationError("--runs must be in 1...100 (got \(runs))") }
        guard (1...1_000).contains(requests) else { throw ValidationError("--requests must be in 1...1000 (got \(requests))") }
        guard (1...2_000).contains(events) else { throw ValidationError("--events must be in 1...2000 (got \(events))") }
    }

    func run() async throws {
        var logger = Logger(label: "bench-ui")
        logger.logLevel = .error
        let report = try await UIBench.run(dags: dags, tasks: tasks, runs: runs, requests: requests, events: events, logger: logger)
        print(json ? try JSONOutput.encode(report, pretty: false) : report.text)
    }
}
