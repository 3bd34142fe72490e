import ArgumentParser
import Testing
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("updraft dags: help and usage errors")
struct DagsHelpTests {
    @Test("the group's help lists every subcommand")
    func groupHelp() {
        let help = UpdraftToolCommand.helpMessage(for: DagsCommand.self)
        for name in ["list", "show", "validate", "list-import-errors", "next-runs", "new"] {
            #expect(help.contains("  \(name) "), "missing \(name)")
        }
    }

    @Test("each command's help shows its options", arguments: [
        (["dags", "list"], ["--dags-folder <dir>", "--home <dir>", "--json"]),
        (["dags", "show"], ["<dag-id>", "--dot", "--json"]),
        (["dags", "validate"], ["<paths>", "--quiet"]),
        (["dags", "next-runs"], ["<dag-id>", "-n, --count", "--from"]),
        (["dags", "new"], ["<dag-id>", "--swift", "--output <dir>"]),
        (["bench", "dagbag"], ["--files", "--tasks", "--loads", "--json"]),
    ])
    func commandHelp(path: [String], expected: [String]) {
        let help = UpdraftToolCommand.helpMessage(for: Self.type(path))
        for text in expected { #expect(help.contains(text), "\(path) help lacks \(text)") }
    }

    static func type(_ path: [String]) -> any ParsableCommand.Type {
        switch path.last {
        case "list": DagsListCommand.self
        case "show": DagsShowCommand.self
        case "validate": DagsValidateCommand.self
        case "next-runs": DagsNextRunsCommand.self
        case "new": DagsNewCommand.self
        default: BenchDagbagCommand.self
        }
    }

    @Test("usage errors: a clear message and a non-zero exit", arguments: [
        (["dags", "show"], "Missing expected argument '<dag-id>'"),
        (["dags", "next-runs"], "Missing expected argument '<dag-id>'"),
        (["dags", "list", "--jsn"], "Unknown option '--jsn'"),
        (["dags", "next-runs", "x", "-n", "0"], "invalid -n 0"),
        (["dags", "next-runs", "x", "--from", "soon"], "invalid --from 'soon'"),
        (["dags", "show", "x", "--dot", "--json"], "--dot and --json cannot be used together"),
        (["bench", "dagbag", "--files", "0"], "must be positive"),
    ])
    func usageErrors(args: [String], message: String) {
        do {
            _ = try UpdraftToolCommand.parseAsRoot(args)
            Issue.record("\(args) parsed")
        } catch {
            #expect(UpdraftToolCommand.message(for: error).contains(message))
            #expect(UpdraftCommand.exitCode(for: error) != .success)
        }
    }
}
