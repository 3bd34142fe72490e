import ArgumentParser
import Testing
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("run-level commands: help and usage errors")
struct RunCommandsHelpTests {
    @Test("help shows the options", arguments: [
        ("trigger", ["<dag-id>", "--conf <json>", "--logical-date", "--wait", "--timeout", "--home <dir>", "--json"]),
        ("backfill", ["<dag-id>", "--start", "--end", "--dry-run", "--dags-folder <dir>", "--json"]),
        ("test", ["<dag-id>", "--logical-date", "--conf <json>", "--keep-home", "--dags-folder <dir>", "--json"]),
        ("bench-run", ["--tasks", "--shape", "--kind", "--workers", "--concurrency", "--json"]),
        ("idle-rss", ["--dags-folder", "--seconds", "--json"]),
    ])
    func help(command: String, expected: [String]) {
        let type: any ParsableCommand.Type = switch command {
        case "trigger": DagsTriggerCommand.self
        case "backfill": DagsBackfillCommand.self
        case "test": DagsTestCommand.self
        case "bench-run": BenchRunCommand.self
        default: BenchIdleRSSCommand.self
        }
        let help = UpdraftToolCommand.helpMessage(for: type)
        for text in expected { #expect(help.contains(text), "\(command) help lacks \(text)") }
    }

    @Test("the dags and bench groups list the new commands")
    func groups() {
        let dags = UpdraftToolCommand.helpMessage(for: DagsCommand.self)
        for name in ["trigger", "backfill", "test"] { #expect(dags.contains("  \(name) "), "dags lacks \(name)") }
        let bench = UpdraftToolCommand.helpMessage(for: BenchCommand.self)
        for name in ["run", "idle-rss"] { #expect(bench.contains("  \(name) "), "bench lacks \(name)") }
    }

    @Test("usage errors name the input", arguments: [
        (["bench", "run", "--shape", "ring"], "invalid --shape 'ring': expected fanout, chain or tree"),
        (["bench", "run", "--kind", "python"], "invalid --kind 'python': expected noop or bash"),
        (["bench", "run", "--tasks", "0"], "invalid --tasks 0"),
        (["bench", "run", "--transport", "udp"], "invalid --transport 'udp': expected inproc, tcp or tcp-plain"),
        (["bench", "run", "--store", "mysql://x/y"], "invalid --store: mysql://x/y: bad store URL: unknown scheme 'mysql'"),
        (["bench", "idle-rss", "--dags-folder", "/nonexistent/dags"], "--dags-folder '/nonexistent/dags' is not a folder"),
        (["dags", "test", "x", "--logical-date", "tomorrow"], "invalid --logical-date 'tomorrow'"),
        (["dags", "test", "x", "--conf", "{"], "invalid --conf JSON at line 1, column 2"),
        (["dags", "backfill", "x", "--start", "2026-01-01"], "Missing expected argument '--end <end>'"),
    ])
    func usageErrors(args: [String], message: String) {
        do {
            _ = try UpdraftToolCommand.parseAsRoot(args)
            Issue.record("parsed \(args)")
        } catch {
            let text = UpdraftToolCommand.message(for: error)
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test("dags test of an unknown DAG names the folder and a close id; exit 1")
    func dagsTestUnknown() async throws {
        let command: DagsTestCommand = try parse(["dags", "test", "daily_reprot", "--dags-folder", CLIPaths.examples])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: .now) == 1)
        #expect(captured.err.contains("no DAG 'daily_reprot'") && captured.err.contains("did you mean 'daily_report'?"))
    }
}
