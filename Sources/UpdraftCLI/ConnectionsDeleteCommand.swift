import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft connections delete ID`: removes a stored connection; exit 1 when there was none.
struct ConnectionsDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a stored connection.")

    @Argument(help: "The conn_id.")
    var connId: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Deletes the connection; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await ConnectionVault(store: store, home: options.updraftHome).delete(connId) else {
                io.err("error: no stored connection '\(connId)'")
                return 1
            }
            io.out("connection \(connId) deleted")
            return 0
        }
    }
}
