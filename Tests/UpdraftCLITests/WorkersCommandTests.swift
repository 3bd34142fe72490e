import Foundation
import Testing
import UpdraftStore
import UpdraftWire
@testable import UpdraftCLI

@Suite("updraft workers allow, revoke and list")
struct WorkersCommandTests {
    func run<C: AsyncParsableCommandWithIO>(_ args: [String], as type: C.Type) async throws -> (Int32, CapturedIO) {
        let command: C = try parse(args)
        let captured = CapturedIO()
        let status = try await command.execute(captured.io, stdin: nil)
        return (status, captured)
    }

    func store(_ home: String) throws -> SQLiteStore {
        try SQLiteStore(path: UpdraftHome(root: URL(fileURLWithPath: home)).databasePath)
    }

    @Test("allow (a Z85 key and a .pub file, queues, subscriber), list shows fingerprints only, revoke")
    func lifecycle() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let etl = try CurveKeyPair.generate(), dash = try CurveKeyPair.generate()
        let files = try CurveKeyFile.write(dash, directory: home + "/keys", name: "dash")
        var (status, io) = try await run(["workers", "allow", etl.publicKey.z85, "--name", "etl-1", "--queues", "etl,heavy",
                                          "--home", home], as: WorkersAllowCommand.self)
        #expect(status == 0, "\(io.err)")
        #expect(io.out == "allowed 'etl-1' (\(etl.publicKey.fingerprint)…) as worker: queues etl,heavy")
        (status, io) = try await run(["workers", "allow", files.public, "--name", "dash", "--role", "subscriber", "--home", home],
                                     as: WorkersAllowCommand.self)
        #expect(status == 0, "\(io.err)")
        let stored = try await store(home).allowedKeys()
        #expect(stored.map(\.name) == ["dash", "etl-1"])
        #expect(stored[0].publicKey == dash.publicKey.z85 && stored[0].role == .subscriber)
        #expect(stored[1].queues == ["etl", "heavy"])

        (status, io) = try await run(["workers", "list", "--home", home], as: WorkersListCommand.self)
        #expect(status == 0)
        #expect(io.out.contains("etl,heavy") && io.out.contains(etl.publicKey.fingerprint) && io.out.contains("subscriber"))
        #expect(!io.out.contains(etl.publicKey.z85), "the list shows fingerprints, not whole keys")
        #expect(!io.out.contains(etl.secretKey.z85) && !io.out.contains(dash.secretKey.z85))
        (status, io) = try await run(["workers", "list", "--json", "--home", home], as: WorkersListCommand.self)
        let rows = try JSONDecoder().decode([AllowedKeyRow].self, from: Data(io.out.utf8))
        #expect(rows.map(\.name) == ["dash", "etl-1"] && rows[1].fingerprint == etl.publicKey.fingerprint)

        (status, io) = try await run(["workers", "revoke", "etl-1", "--home", home], as: WorkersRevokeCommand.self)
        #expect(status == 0 && io.out == "revoked 'etl-1'")
        (status, io) = try await run(["workers", "revoke", "etl-1", "--home", home], as: WorkersRevokeCommand.self)
        #expect(status == 1 && io.err.contains("no allowed key is named 'etl-1'"))
        #expect(try await store(home).allowedKeys().map(\.name) == ["dash"])
    }

    @Test("bad input is one line naming the field, exit code 2, and the store is unchanged", arguments: [
        (["not-a-key"], "KEY:"),
        (["rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf"], "KEY:"),
        (["/nonexistent/w.pub"], "KEY: public key file /nonexistent/w.pub: no such file"),
        (["KEY", "--queues", "etl,,heavy"], "--queues: empty queue name"),
        (["KEY", "--queues", ""], "--queues: empty queue name"),
        (["KEY", "--role", "admin"], "--role: 'admin' is not a role"),
        (["KEY", "--role", "subscriber", "--queues", "etl"], "--queues: a subscriber key serves no queue"),
        (["KEY", "--name", ""], "--name: empty"),
        (["KEY", "--name", "home"], "--name: 'home' is reserved"),
        (["KEY", "--name", "taken"], "--name: a key named 'taken' is already allowed"),
        (["TAKEN"], "KEY: this key"),
    ] as [([String], String)])
    func badInput(_ args: [String], _ message: String) async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let taken = try CurveKeyPair.generate().publicKey.z85
        #expect(try await store(home).allowKey(AllowedKeyRecord(name: "taken", publicKey: taken, role: .worker, addedAt: Date())) == .added)
        let before = try await store(home).allowListVersion()
        let fresh = try CurveKeyPair.generate().publicKey.z85
        var arguments = args.map { $0 == "KEY" ? fresh : $0 == "TAKEN" ? taken : $0 }
        if !arguments.contains("--name") { arguments += ["--name", "w1"] }
        let (status, io) = try await run(["workers", "allow"] + arguments + ["--home", home], as: WorkersAllowCommand.self)
        #expect(status == 2)
        #expect(io.err.hasPrefix("error: " + message) || io.err.contains(message), "\(io.err)")
        #expect(!io.err.contains("\n"), "one line: \(io.err)")
        #expect(try await store(home).allowListVersion() == before)
        #expect(try await store(home).allowedKeys().map(\.name) == ["taken"])
    }
}

extension WorkersAllowCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
extension WorkersListCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
extension WorkersRevokeCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
