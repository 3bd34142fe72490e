import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Sensitive variables: marked, sealed with the home's key, the mark sticks (SQLite and PostgreSQL)")
struct VariableVaultTests {
    static let secret = "code-\(UUID().uuidString.prefix(8))"

    @Test("--sensitive and secret-named values are sealed at rest and open back; plain ones stay plain", arguments: StoreKind.allCases)
    func sealedAtRest(_ kind: StoreKind) async throws {
        let home = try ConnectionVaultTests.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let store = try await StoreFixtures.store(kind, home: home)
        let vault = VariableVault(store: store, home: home)
        #expect(try await vault.set("report_code", Self.secret, sensitive: true))
        #expect(try await vault.set("db_password", "pw-\(Self.secret)", sensitive: false))
        #expect(try await vault.set("region", "eu", sensitive: false) == false)
        #expect(try await store.sensitiveVariableKeys() == ["report_code", "db_password"])
        #expect(try await store.variable("region") == "eu")
        #expect(try await store.variable("report_code") != Self.secret)
        let all = try await vault.all()
        #expect(all.values == ["report_code": Self.secret, "db_password": "pw-\(Self.secret)", "region": "eu"])
        #expect(try await vault.value("report_code")! == (Self.secret, true))
        #expect(try await vault.value("region")! == ("eu", false))
        for file in try FileManager.default.contentsOfDirectory(atPath: home.root.path) where file.hasPrefix("updraft.db") {
            let data = try Data(contentsOf: home.root.appendingPathComponent(file))
            #expect(data.range(of: Data(Self.secret.utf8)) == nil, "\(file) holds a sensitive value in clear")
        }
    }

    @Test("set again without --sensitive: still sensitive and sealed; deleted and set again: plain", arguments: StoreKind.allCases)
    func markSticks(_ kind: StoreKind) async throws {
        let home = try ConnectionVaultTests.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let store = try await StoreFixtures.store(kind, home: home)
        let vault = VariableVault(store: store, home: home)
        try await vault.set("report_code", "one", sensitive: true)
        #expect(try await vault.set("report_code", "two", sensitive: false))
        #expect(try await store.variable("report_code") != "two")
        #expect(try await vault.value("report_code")! == ("two", true))
        #expect(try await store.deleteVariable("report_code"))
        #expect(try await store.sensitiveVariableKeys().isEmpty)
        #expect(try await vault.set("report_code", "three", sensitive: false) == false)
        #expect(try await store.variable("report_code") == "three")
    }

    @Test("the key file missing: a clear error naming the variable's key file, nothing opened wrong", arguments: StoreKind.allCases)
    func missingKey(_ kind: StoreKind) async throws {
        let home = try ConnectionVaultTests.home()
        defer { try? FileManager.default.removeItem(at: home.root) }
        let store = try await StoreFixtures.store(kind, home: home)
        try await VariableVault(store: store, home: home).set("report_code", Self.secret, sensitive: true)
        try FileManager.default.removeItem(atPath: home.secretKeyPath)
        let error = await #expect(throws: ConnectionError.self) { try await VariableVault(store: store, home: home).all() }
        #expect(error?.description.contains("key file is missing") == true, "\(String(describing: error))")
        // A plain variable still reads.
        try await store.setVariable("region", "eu")
        #expect(try await VariableVault(store: store, home: home).value("region")! == ("eu", false))
    }
}
