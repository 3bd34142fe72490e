import ArgumentParser
import Foundation
import UpdraftCore
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

/// A variable as the variables commands print it in JSON; a sensitive one's value reads
/// `***` unless asked for by key (`variables get`).
struct VariableRow: Codable, Equatable {
    var key: String
    var value: String
    var isSensitive: Bool

    enum CodingKeys: String, CodingKey { case key, value, isSensitive = "is_sensitive" }

    /// The row of `key`; `reveal` keeps a sensitive value in clear.
    init(key: String, value: String, isSensitive: Bool, reveal: Bool = false) {
        self.key = key
        self.isSensitive = isSensitive
        self.value = isSensitive && !reveal ? "***" : value
    }
}
