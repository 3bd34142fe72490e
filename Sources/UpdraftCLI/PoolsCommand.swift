import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft pools ...`: named limits on how many task slots run at once.
struct PoolsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pools",
        abstract: "List, set and delete pools (named limits on running task slots).",
        subcommands: [PoolsListCommand.self, PoolsSetCommand.self, PoolsDeleteCommand.self, PoolsImportCommand.self, PoolsExportCommand.self]
    )
}

/// A pool as the pools commands print it.
struct PoolRow: Codable, Equatable {
    var name: String
    var slots: Int
    var description: String

    init(_ pool: PoolRecord) {
        name = pool.name
        slots = pool.slots
        description = pool.description
    }
}
