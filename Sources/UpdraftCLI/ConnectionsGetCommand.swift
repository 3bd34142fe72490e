import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft connections get ID`: the connection tasks would get (`UPDRAFT_CONN_<ID>` first,
/// then the store), its password shown as `***`; exit 1 when there is none.
struct ConnectionsGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print a connection (password masked).")

    @Argument(help: "The conn_id.")
    var connId: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Prints the connection; returns the exit code.
    func execute(io: CommandIO, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let inEnvironment = environment[Connection.environmentName(for: connId)] != nil
            guard let connection = try await ConnectionVault(store: store, home: options.updraftHome)
                .lookup(connId, environment: environment) else {
                io.err("error: no connection '\(connId)' (neither \(Connection.environmentName(for: connId)) nor the store defines it)")
                return 1
            }
            let row = ConnectionRow(connection, source: inEnvironment ? "environment" : "store")
            io.out(options.json ? try JSONOutput.encode(row) : row.text)
            return 0
        }
    }
}
