import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft variables set KEY VALUE [--sensitive]`.
struct VariablesSetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set a variable.",
        discussion: """
            --sensitive marks the value secret: masked (***) in task logs, error messages, \
            notifier messages, `variables list` and the API, as a secret-named key's value \
            (password, token, api_key ...). A sensitive variable stays sensitive when set \
            again, until it is deleted.
            """)

    @Argument(help: "The key.")
    var key: String

    @Argument(help: "The value (a string; JSON text is kept as written).")
    var value: String

    @Flag(help: "Mark the value secret: masked wherever it could leave the system.")
    var sensitive = false

    @OptionGroup var options: HomeOptions

    func validate() throws {
        if key.isEmpty { throw ValidationError("the variable key must not be empty") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Sets the variable; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let isSensitive = try await VariableVault(store: store, home: options.updraftHome).set(key, value, sensitive: sensitive)
            let row = VariableRow(key: key, value: value, isSensitive: isSensitive)
            io.out(options.json ? try JSONOutput.encode(row)
                : "set variable '\(key)'\(row.isSensitive ? " (sensitive: shown as ***)" : "")")
            return 0
        }
    }
}
