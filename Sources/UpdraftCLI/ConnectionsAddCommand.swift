import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft connections add ID --conn-uri URI` (or `--conn-json`, or the `--conn-*` fields),
/// with Airflow's flags. `--conn-password -` reads the password from standard input, so it
/// stays out of the shell history.
struct ConnectionsAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Create or replace a connection in the store.")

    @Argument(help: "The conn_id (letters, digits, '_', '-', '.').")
    var connId: String

    @Option(help: ArgumentHelp("The connection as a URI: TYPE://LOGIN:PASSWORD@HOST:PORT/SCHEMA?EXTRA.", valueName: "uri"))
    var connUri: String?

    @Option(help: ArgumentHelp("The connection as JSON: {\"conn_type\": ..., \"host\": ..., ...}.", valueName: "json"))
    var connJson: String?

    @Option(help: "conn_type (postgres, http, smtp, slack...).")
    var connType: String?
    @Option(help: "Host.")
    var connHost: String?
    @Option(help: "Port.")
    var connPort: Int?
    @Option(help: "Login.")
    var connLogin: String?
    @Option(help: ArgumentHelp("Password; '-' reads it from standard input.", valueName: "password"))
    var connPassword: String?
    @Option(help: "Schema (the database).")
    var connSchema: String?
    @Option(help: ArgumentHelp("Extra settings, a JSON object.", valueName: "json"))
    var connExtra: String?
    @Option(help: "Description.")
    var connDescription: String?

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Adds the connection; returns the exit code.
    func execute(io: CommandIO, stdin: () -> String? = { String(data: FileHandle.standardInput.readDataToEndOfFile(), encoding: .utf8) }) async throws -> Int32 {
        let connection: Connection
        do {
            connection = try build(stdin: stdin)
        } catch {
            io.err("error: \(error)")
            return 1
        }
        return try await StoreAccess.run(options, io: io) { store in
            try await ConnectionVault(store: store, home: options.updraftHome).save(connection)
            if options.json {
                io.out(try JSONOutput.encode(ConnectionRow(connection, source: "store")))
            } else {
                io.out("connection \(connection.connId) (\(connection.connType)) saved")
            }
            return 0
        }
    }

    private func build(stdin: () -> String?) throws -> Connection {
        let fields: [String?] = [connType, connHost, connPort.map(String.init), connLogin, connPassword, connSchema, connExtra]
        let given = [connUri != nil, connJson != nil, fields.contains { $0 != nil }].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("give one of --conn-uri, --conn-json, or --conn-type with the other --conn-* fields")
        }
        if let problem = Connection.problem(withID: connId) { throw ConnectionError(.invalidField, problem, context: "connection \(connId)") }
        var connection: Connection
        if let connUri {
            connection = try ConnectionURI.parse(connUri, connId: connId)
        } else if let connJson {
            guard case .success(.object(let object)) = JSONText.parse(Data(connJson.utf8)) else {
                throw ConnectionError(.invalidJSON, "not a JSON object", context: "--conn-json")
            }
            connection = try ConnectionJSON.connection(object, connId: connId, at: "--conn-json")
        } else {
            guard let connType, !connType.isEmpty else {
                throw ValidationError("--conn-type is required with the --conn-* fields")
            }
            connection = Connection(connId: connId, connType: connType)
            connection.host = connHost ?? ""
            if let connPort {
                guard (0...65535).contains(connPort) else {
                    throw ConnectionError(.invalidField, "--conn-port \(connPort) is not from 0 to 65535", context: "connection \(connId)")
                }
                connection.port = connPort
            }
            connection.login = connLogin ?? ""
            if connPassword == "-" {
                guard let text = stdin() else { throw ValidationError("cannot read the password from standard input") }
                connection.password = text.trimmingCharacters(in: .newlines)
            } else {
                connection.password = connPassword ?? ""
            }
            connection.schema = connSchema ?? ""
            if let connExtra {
                guard case .success(.object) = JSONText.parse(Data(connExtra.utf8)) else {
                    throw ConnectionError(.invalidField, "--conn-extra is not a JSON object", context: "connection \(connId)")
                }
                connection.extra = connExtra
            }
        }
        if let connDescription { connection.description = connDescription }
        return connection
    }
}
