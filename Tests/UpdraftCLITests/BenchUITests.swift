import Foundation
import Logging
import Testing
@testable import UpdraftBench
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

/// `updraft bench ui` in small: it needs a real headless Chromium (chromium +
/// chromium-driver, .ci/setup installs them) and fails when it cannot start one.
@Suite("updraft bench ui")
struct BenchUITests {
    @Test("a small run: pages timed, events painted in Chromium, and the JSON has the issue's keys")
    func smallRun() async throws {
        var logger = Logger(label: "bench-ui-test")
        logger.logLevel = .error
        let report = try await UIBench.run(dags: 5, tasks: 30, runs: 3, requests: 2, events: 5, logger: logger)
        #expect(report.gridTasks == 30 && report.gridRuns == 3 && report.dags == 5)
        #expect(report.gridMs > 0 && report.graphMs > 0 && report.dagsPageMs > 0)
        #expect(report.gridBytes > report.gridHTMLBytes && report.gridHTMLBytes > 1_000)
        #expect(report.events == 5 && report.eventToPaintMs > 0 && report.commitToPaintMs >= report.eventToPaintMs * 0.5)
        #expect(report.browser.contains("Chrome"))
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as? [String: Any]
        for key in ["grid_1000x25_ms", "grid_bytes", "graph_1000_ms", "dags_page_1000_dags_ms", "ui_event_to_paint_ms"] {
            #expect(json?[key] != nil, "missing \(key)")
        }
    }

    @Test("bad sizes are refused naming the flag", arguments: [
        (["--dags", "1"], "--dags"), (["--tasks", "5"], "--tasks"), (["--runs", "0"], "--runs"),
        (["--requests", "0"], "--requests"), (["--events", "100000"], "--events"), (["--events", "many"], "--events"),
    ])
    func badFlags(arguments: [String], flag: String) throws {
        do {
            _ = try BenchUICommand.parse(arguments)
            Issue.record("\(arguments) was accepted")
        } catch {
            #expect(BenchUICommand.message(for: error).contains(flag), "\(BenchUICommand.message(for: error))")
        }
        let command = try BenchUICommand.parse(["--json"])
        #expect(command.json && command.dags == 1000 && command.tasks == 1000 && command.runs == 25 && command.events == 100)
    }
}
