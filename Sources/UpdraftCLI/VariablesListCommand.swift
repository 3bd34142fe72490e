import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft variables list`: sensitive values read `***`.
struct VariablesListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List every variable.")

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists the variables; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let marked = try await store.sensitiveVariableKeys()
            let rows = try await store.variables().sorted { $0.key < $1.key }.map {
                VariableRow(key: $0.key, value: $0.value, isSensitive: SensitiveNames.isSensitiveVariable($0.key, marked: marked))
            }
            if options.json {
                io.out(try JSONOutput.encode(rows))
            } else if rows.isEmpty {
                io.out("no variables")
            } else {
                TextTable.lines([["key", "value"]] + rows.map { [$0.key, $0.value] }).forEach(io.out)
            }
            return 0
        }
    }
}
