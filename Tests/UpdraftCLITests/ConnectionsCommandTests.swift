import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftCLI

@Suite("updraft connections")
struct ConnectionsCommandTests {
    static let password = "pw-\(UUID().uuidString.prefix(6))"

    func run<C: AsyncParsableCommandWithIO>(_ args: [String], as type: C.Type, stdin: String? = nil) async throws -> (Int32, CapturedIO) {
        let command: C = try parse(args)
        let captured = CapturedIO()
        let status = try await command.execute(captured.io, stdin: stdin)
        return (status, captured)
    }

    @Test("add (URI, fields with the password from stdin), get and list mask the password, delete, export then import")
    func lifecycle() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let uri = "postgres://etl:\(Self.password)@db.internal:5432/sales?sslmode=require"
        var (status, io) = try await run(["connections", "add", "wh", "--conn-uri", uri, "--home", home], as: ConnectionsAddCommand.self)
        #expect(status == 0 && io.out == "connection wh (postgres) saved", "\(io.err)")
        (status, io) = try await run(["connections", "add", "api", "--conn-type", "http", "--conn-host", "api.example",
                                      "--conn-password", "-", "--conn-extra", #"{"api_key": "k-0123456"}"#, "--home", home],
                                     as: ConnectionsAddCommand.self, stdin: "from-stdin-pw\n")
        #expect(status == 0, "\(io.err)")
        (status, io) = try await run(["connections", "get", "wh", "--home", home], as: ConnectionsGetCommand.self)
        #expect(status == 0)
        #expect(io.out.contains("password: ***") && io.out.contains("host: db.internal") && io.out.contains("port: 5432"))
        #expect(io.out.contains(#"extra: {"sslmode":"require"}"#), "\(io.out)")
        (status, io) = try await run(["connections", "list", "--json", "--home", home], as: ConnectionsListCommand.self)
        let rows = try JSONDecoder().decode([ConnectionRow].self, from: Data(io.out.utf8))
        #expect(rows.map(\.connId) == ["api", "wh"])
        #expect(rows.allSatisfy { $0.password == "***" })
        #expect(rows[0].extra == #"{"api_key": "***"}"#, "\(rows[0].extra)")
        #expect(!io.out.contains(Self.password) && !io.out.contains("from-stdin-pw") && !io.out.contains("k-0123456"))
        let file = home + "/export.json"
        (status, io) = try await run(["connections", "export", file, "--home", home], as: ConnectionsExportCommand.self)
        #expect(status == 0 && io.out == "exported 2 connection(s) to \(file)")
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let other = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: other) }
        (status, io) = try await run(["connections", "import", file, "--home", other], as: ConnectionsImportCommand.self)
        #expect(status == 0 && io.out == "imported 2 connection(s): api, wh", "\(io.err)")
        let vault = ConnectionVault(store: try SQLiteStore(path: UpdraftHome(root: URL(fileURLWithPath: other)).databasePath),
                                    home: UpdraftHome(root: URL(fileURLWithPath: other)))
        #expect(try await vault.stored("wh")?.password == Self.password)
        #expect(try await vault.stored("api")?.password == "from-stdin-pw")
        (status, io) = try await run(["connections", "delete", "wh", "--home", home], as: ConnectionsDeleteCommand.self)
        #expect(status == 0)
        (status, io) = try await run(["connections", "get", "wh", "--home", home], as: ConnectionsGetCommand.self)
        #expect(status == 1 && io.err.contains("no connection 'wh'"))
    }

    @Test("bad input: a clear error naming what is wrong, and nothing stored", arguments: [
        (["add", "x", "--conn-uri", "postgres://h:99999"], "connection x URI: port '99999' is not a number from 0 to 65535"),
        (["add", "x", "--conn-uri", "nonsense"], "expected TYPE://"),
        (["add", "x y", "--conn-uri", "http://h"], "conn_id 'x y' contains ' '"),
        (["add", "x", "--conn-uri", "http://h", "--conn-type", "http"], "give one of --conn-uri, --conn-json, or --conn-type"),
        (["add", "x", "--conn-host", "h"], "--conn-type is required"),
        (["add", "x", "--conn-type", "http", "--conn-extra", "[1]"], "--conn-extra is not a JSON object"),
        (["add", "x", "--conn-json", #"{"conn_type": "http", "prot": 1}"#], "--conn-json: unknown field 'prot'"),
    ])
    func badInput(args: [String], expected: String) async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let (status, io) = try await run(["connections"] + args + ["--home", home], as: ConnectionsAddCommand.self)
        #expect(status == 1)
        #expect(io.err.contains(expected), "\(io.err)")
        #expect(io.out.isEmpty)
        #expect(try await SQLiteStore(path: home + "/updraft.db").connections().isEmpty)
    }

    @Test("import of a bad file changes nothing and names the file and the connection")
    func badImport() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let file = home + "/bad.json"
        try #"{"good": {"conn_type": "http"}, "bad": {"conn_type": "http", "port": "x"}}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let (status, io) = try await run(["connections", "import", file, "--home", home], as: ConnectionsImportCommand.self)
        #expect(status == 1)
        #expect(io.err.contains("\(file), connection bad: 'port' must be a number") && io.err.contains("no connection was changed"), "\(io.err)")
        #expect(try await SQLiteStore(path: home + "/updraft.db").connections().isEmpty)
    }
}

/// The connections commands, run the same way in the tests.
protocol AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32
}

extension ConnectionsAddCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io, stdin: { stdin }) }
}
extension ConnectionsGetCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io, environment: [:]) }
}
extension ConnectionsListCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io, environment: [:]) }
}
extension ConnectionsDeleteCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
extension ConnectionsImportCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io, stdin: { stdin.map { Data($0.utf8) } }) }
}
extension ConnectionsExportCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
