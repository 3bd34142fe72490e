import ArgumentParser
import Testing
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

/// DAG binaries built with the DSL serve `UpdraftCommand` (no `bench`: they do not link the
/// benchmarks); the `updraft` executable serves `UpdraftToolCommand`: the same plus `bench`.
@Suite("the command trees of DAG binaries and of the updraft executable")
struct CommandTreeTests {
    @Test("a DAG binary's tree has every command but bench; the executable's has them all, in the same order")
    func trees() throws {
        let dsl = UpdraftCommand.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        let tool = UpdraftToolCommand.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        #expect(!dsl.contains("bench") && dsl.contains("standalone") && dsl.contains("worker"))
        #expect(tool.filter { $0 != "bench" } == dsl)
        #expect(tool.contains("bench"))
        #expect(throws: (any Error).self) { _ = try UpdraftCommand.parseAsRoot(["bench", "wire"]) }
        #expect(try UpdraftToolCommand.parseAsRoot(["bench", "wire"]) is BenchWire)
        #expect(try UpdraftToolCommand.parseAsRoot(["dags", "list"]) is DagsListCommand)
    }
}
