import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft connections export FILE`: the stored connections in Airflow's JSON form,
/// passwords in clear (to move them to another home), written to FILE with mode 0600, never
/// to standard output.
struct ConnectionsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the stored connections to a JSON file (mode 0600) in Airflow's form.")

    @Argument(help: "The file to write (it holds passwords).")
    var file: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Writes the file; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let connections = try await ConnectionVault(store: store, home: options.updraftHome).storedConnections()
            let text = ConnectionJSON.export(connections)
            guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
                io.err("error: cannot write \(file)")
                return 1
            }
            chmod(file, 0o600)
            io.out("exported \(connections.count) connection(s) to \(file)")
            return 0
        }
    }
}
