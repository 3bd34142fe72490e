import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft connections import FILE`: Airflow's connections JSON (`airflow connections
/// export FILE --file-format json`). Nothing is changed when any connection in it is invalid.
struct ConnectionsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Create or replace connections from a JSON file in Airflow's form.",
        discussion: #"FILE holds {"CONN_ID": {"conn_type": "postgres", "host": "...", "port": 5432, "login": "...", "password": "...", "schema": "...", "extra": "{...}"}, ...}."#
    )

    @Argument(help: "The JSON file ('-' reads standard input).")
    var file: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Imports the connections; returns the exit code.
    func execute(io: CommandIO, stdin: () -> Data? = { FileHandle.standardInput.readDataToEndOfFile() }) async throws -> Int32 {
        let read = file == "-" ? stdin() : await BackgroundFileRead.contents(atPath: file)
        guard let data = read else {
            io.err("error: cannot read \(file)")
            return 1
        }
        let connections: [Connection]
        do {
            connections = try ConnectionJSON.document(data, at: file == "-" ? "standard input" : file)
        } catch {
            io.err("error: \(error); no connection was changed")
            return 1
        }
        return try await StoreAccess.run(options, io: io) { store in
            let vault = ConnectionVault(store: store, home: options.updraftHome)
            for connection in connections { try await vault.save(connection) }
            if options.json {
                io.out(try JSONOutput.encode(connections.map { ConnectionRow($0, source: "store") }))
            } else {
                io.out("imported \(connections.count) connection(s): \(connections.map(\.connId).joined(separator: ", "))")
            }
            return 0
        }
    }
}
