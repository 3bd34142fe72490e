import ArgumentParser
import Testing
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

@Suite("updraft bench wire arguments")
struct BenchWireCommandTests {
    @Test("defaults parse", arguments: [["bench", "wire"], ["bench", "wire", "--json", "--messages", "5000", "--rounds", "1"]])
    func parses(arguments: [String]) throws {
        let command = try UpdraftToolCommand.parseAsRoot(arguments)
        #expect(command is BenchWire)
    }

    @Test("out-of-range values are rejected naming the flag", arguments: [
        (["bench", "wire", "--messages", "5"], "--messages"),
        (["bench", "wire", "--rounds", "0"], "--rounds"),
        (["bench", "wire", "--messages", "lots"], "--messages"),
    ])
    func rejects(arguments: [String], flag: String) {
        #expect {
            _ = try UpdraftToolCommand.parseAsRoot(arguments)
        } throws: { error in
            UpdraftToolCommand.message(for: error).contains(flag)
        }
    }
}
