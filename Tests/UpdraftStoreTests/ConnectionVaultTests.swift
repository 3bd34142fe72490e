import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Connections in the store: sealed with the home's key (SQLite and PostgreSQL)")
struct ConnectionVaultTests {
    static func home() throws -> UpdraftHome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vault-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return UpdraftHome(root: folder)
    }

    static let secret = "hunter2-\(UUID().uuidString.prefix(8))"

    @Test("saved and read back; the key file is made 0600 on first use; the database holds no clear secret", arguments: StoreKind.allCases)
    func roundTrip(_ kind: StoreKind) async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let store = try await StoreFixtures.store(kind, home: home)
        let vault = ConnectionVault(store: store, home: home)
        #expect(!FileManager.default.fileExists(atPath: home.secretKeyPath))
        let connection = Connection(connId: "db", connType: "postgres", host: "h", port: 5432, login: "u",
                                    password: Self.secret, schema: "s", extra: #"{"token":"extra-\#(Self.secret)"}"#)
        try await vault.save(connection)
        let mode = try FileManager.default.attributesOfItem(atPath: home.secretKeyPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try await vault.stored("db") == connection)
        #expect(try await vault.storedConnections() == [connection])
        let record = try #require(try await store.connection("db"))
        #expect(record.sealedPassword != nil && record.sealedPassword != Data(Self.secret.utf8))
        for file in try FileManager.default.contentsOfDirectory(atPath: home.root.path) where file.hasPrefix("updraft.db") {
            let data = try Data(contentsOf: home.root.appendingPathComponent(file))
            #expect(data.range(of: Data(Self.secret.utf8)) == nil, "\(file) holds the password in clear")
        }
        #expect(try await vault.delete("db"))
        #expect(try await vault.stored("db") == nil)
        #expect(try await vault.delete("db") == false)
    }

    @Test("another home's key: a clear error, nothing opened; no key file: a clear error", arguments: StoreKind.allCases)
    func wrongKey(_ kind: StoreKind) async throws {
        let home = try Self.home()
        let other = try Self.home()
        defer {
            try? FileManager.default.removeItem(at: home.root)
            try? FileManager.default.removeItem(at: other.root)
        }
        let store = try await StoreFixtures.store(kind, home: home)
        try await ConnectionVault(store: store, home: home).save(Connection(connId: "db", connType: "postgres", password: Self.secret))
        _ = try SecretBox.forWriting(keyPath: other.secretKeyPath)
        await #expect {
            try await ConnectionVault(store: store, keyPath: other.secretKeyPath).stored("db")
        } throws: { error in
            (error as? ConnectionError)?.code == .cannotDecrypt
                && "\(error)".contains("connection db's password was sealed with another key than \(other.secretKeyPath)")
        }
        await #expect {
            try await ConnectionVault(store: store, keyPath: home.root.path + "/missing.key").storedConnections()
        } throws: { error in
            (error as? ConnectionError)?.code == .badKeyFile && "\(error)".contains("the key file is missing")
        }
        try "not a key".write(toFile: other.secretKeyPath, atomically: true, encoding: .utf8)
        await #expect {
            try await ConnectionVault(store: store, keyPath: other.secretKeyPath).stored("db")
        } throws: { error in
            "\(error)".contains("not a key file: expected 32 bytes in base64")
        }
        // A damaged sealed value is told apart from another key's.
        var record = try #require(try await store.connection("db"))
        record.sealedPassword![20] ^= 0xFF
        try await store.setConnection(record)
        await #expect {
            try await ConnectionVault(store: store, home: home).stored("db")
        } throws: { error in
            "\(error)".contains("connection db's password is damaged")
        }
    }

    @Test("the environment's connection wins over the store's; bad conn_id and extra refused, nothing stored", arguments: StoreKind.allCases)
    func environmentAndValidation(_ kind: StoreKind) async throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let store = try await StoreFixtures.store(kind, home: home)
        let vault = ConnectionVault(store: store, home: home)
        try await vault.save(Connection(connId: "db", connType: "postgres", host: "stored"))
        let environment = ["UPDRAFT_CONN_DB": "postgres://from-env", "UPDRAFT_CONN_ONLY_ENV": "http://x"]
        #expect(try await vault.lookup("db", environment: environment)?.host == "from-env")
        #expect(try await vault.lookup("db", environment: [:])?.host == "stored")
        let all = try await vault.all(environment: environment)
        #expect(all.connections.keys.sorted() == ["db", "only_env"])
        await #expect(throws: ConnectionError.self) { try await vault.save(Connection(connId: "bad id", connType: "x")) }
        await #expect(throws: ConnectionError.self) { try await vault.save(Connection(connId: "e", connType: "x", extra: "[1]")) }
        #expect(try await store.connections().map(\.connId) == ["db"])
    }
}
