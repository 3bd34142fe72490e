import Testing
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("updraft bench templates")
struct BenchTemplatesCommandTests {
    @Test func parsesOptions() throws {
        let command = try BenchTemplatesCommand.parse(["--files", "2", "--tasks", "5", "--runs", "1", "--unique-blocks"])
        #expect(command.files == 2 && command.tasks == 5 && command.runs == 1 && command.uniqueBlocks)
    }

    @Test(arguments: [["--files", "0"], ["--tasks", "-1"], ["--runs", "0"], ["--files", "many"]])
    func rejectsBadOption(arguments: [String]) {
        do {
            _ = try BenchTemplatesCommand.parse(arguments)
            Issue.record("expected \(arguments) to be rejected")
        } catch {
            let message = BenchTemplatesCommand.message(for: error)
            #expect(message.contains("--files") || message.contains("--tasks") || message.contains("--runs"), "\(message)")
        }
    }

    @Test func isListedUnderBench() {
        #expect(BenchCommand.configuration.subcommands.contains { $0 == BenchTemplatesCommand.self })
    }
}
