import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft variables ...`: key/value settings that tasks read (`{{ var.value.KEY }}`).
struct VariablesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "variables",
        abstract: "Get, set, list and delete variables.",
        subcommands: [VariablesGetCommand.self, VariablesSetCommand.self, VariablesListCommand.self,
                      VariablesDeleteCommand.self]
    )
}

/// A variable as the variables commands print it in JSON.
struct VariableRow: Codable, Equatable {
    var key: String
    var value: String
}
