import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft db ...`: maintenance of the metadata store.
struct DbCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Maintain the metadata store.",
        subcommands: [DbCleanCommand.self, DbMigrateCommand.self, DbCheckCommand.self, DbCopyCommand.self]
    )
}
