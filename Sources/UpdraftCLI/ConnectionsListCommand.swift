import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft connections list`: every connection tasks can use, passwords as `***`.
struct ConnectionsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List connections (passwords masked).")

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Prints the connections; returns the exit code.
    func execute(io: CommandIO, environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let loaded = try await ConnectionVault(store: store, home: options.updraftHome).all(environment: environment)
            for problem in loaded.problems { io.err("warning: \(problem)") }
            let fromEnvironment = Set(EnvironmentConnections.read(environment).connections.keys)
            let rows = loaded.connections.keys.sorted().map {
                ConnectionRow(loaded.connections[$0]!, source: fromEnvironment.contains($0) ? "environment" : "store")
            }
            if options.json {
                io.out(try JSONOutput.encode(rows))
            } else {
                var table = [["CONN_ID", "TYPE", "HOST", "PORT", "LOGIN", "PASSWORD", "SCHEMA", "SOURCE"]]
                for row in rows {
                    table.append([row.connId, row.connType, row.host, row.port.map(String.init) ?? "", row.login, row.password,
                                  row.schema, row.source])
                }
                if rows.isEmpty { io.out("no connections") } else { TextTable.lines(table).forEach(io.out) }
            }
            return 0
        }
    }
}
