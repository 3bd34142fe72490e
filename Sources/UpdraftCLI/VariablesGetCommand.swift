import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft variables get KEY`: prints the value, also a sensitive one (asked for by key, as
/// Airflow's `variables get`) (`UPDRAFT_VAR_<KEY>` first, as the scheduler
/// reads it, then the store); exit 1 when there is none.
struct VariablesGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a variable's value.")

    @Argument(help: "The key.")
    var key: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Prints the value; returns the exit code.
    func execute(io: CommandIO, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Int32 {
        if let value = EnvironmentVariables.value(of: key, in: environment) {
            let row = VariableRow(key: key, value: value, isSensitive: SensitiveNames.isSensitive(key), reveal: true)
            io.out(options.json ? try JSONOutput.encode(row) : value)
            return 0
        }
        return try await StoreAccess.run(options, io: io) { store in
            guard let (value, isSensitive) = try await VariableVault(store: store, home: options.updraftHome).value(key) else {
                io.err("error: no variable '\(key)'")
                return 1
            }
            let row = VariableRow(key: key, value: value, isSensitive: isSensitive, reveal: true)
            io.out(options.json ? try JSONOutput.encode(row) : value)
            return 0
        }
    }
}
