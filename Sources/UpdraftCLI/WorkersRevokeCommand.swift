import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft workers revoke NAME`.
struct WorkersRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke",
        abstract: "Stop letting a key in: a running scheduler drops its connections within a second.")

    @Argument(help: "The key's name (updraft workers list).")
    var name: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Revokes the key; returns the exit code (1 when no key has that name).
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await store.revokeKey(name: name) else {
                io.err("error: no allowed key is named '\(name)' (updraft workers list)")
                return 1
            }
            io.out("revoked '\(name)'")
            return 0
        }
    }
}
