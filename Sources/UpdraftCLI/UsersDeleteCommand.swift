import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft users delete --username U`: the user and every token of theirs.
struct UsersDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a user of the HTTP API and revoke their tokens and sessions.")

    @Option(help: "The user.")
    var username: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Deletes the user; exit 1 when there is none.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await store.deleteAPIUser(username) else {
                io.err("error: no user '\(username)'")
                return 1
            }
            io.out("deleted user '\(username)' (their tokens and sessions no longer work)")
            return 0
        }
    }
}
