import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft pools delete NAME`.
struct PoolsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a pool (not default_pool).")

    @Argument(help: "The pool name.")
    var name: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Deletes the pool; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await store.deletePool(name: name) else {
                let names = try await store.pools().map(\.name)
                io.err("error: no pool '\(name)' (pools: \(names.joined(separator: ", ")))")
                return 1
            }
            if options.json {
                io.out(try JSONOutput.encode(["deleted": name]))
            } else {
                io.out("deleted pool '\(name)'")
            }
            return 0
        }
    }
}
