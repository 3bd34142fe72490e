import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft variables set KEY VALUE`.
struct VariablesSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set a variable.")

    @Argument(help: "The key.")
    var key: String

    @Argument(help: "The value (a string; JSON text is kept as written).")
    var value: String

    @OptionGroup var options: HomeOptions

    func validate() throws {
        if key.isEmpty { throw ValidationError("the variable key must not be empty") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Sets the variable; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(home: options.updraftHome, io: io) { store in
            try await store.setVariable(key, value)
            io.out(options.json ? try JSONOutput.encode(VariableRow(key: key, value: value)) : "set variable '\(key)'")
            return 0
        }
    }
}
