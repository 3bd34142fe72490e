import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft variables delete KEY`: exit 1 when there is no such variable.
struct VariablesDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a variable.")

    @Argument(help: "The key.")
    var key: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Deletes the variable; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await store.deleteVariable(key) else {
                io.err("error: no variable '\(key)'")
                return 1
            }
            io.out(options.json ? try JSONOutput.encode(["deleted": key]) : "deleted variable '\(key)'")
            return 0
        }
    }
}
