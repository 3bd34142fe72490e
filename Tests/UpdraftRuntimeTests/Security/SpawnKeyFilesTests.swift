import Foundation
import Testing
import UpdraftStore
import UpdraftWire
@testable import UpdraftRuntime

/// Spawned workers get the home's key files without anyone asking: flags for the local
/// spawner, placeholders and environment for command templates; the home's pairs are made
/// once and kept.
@Suite("CURVE keys for spawned workers and homes")
struct SpawnKeyFilesTests {
    static let files = SpawnKeyFiles(serverKey: "/h/curve/scheduler.pub", key: "/h/curve/client.key")
    static let request = SpawnRequest(workerID: "w-1", queue: "heavy", concurrency: 2, endpoint: "tcp://127.0.0.1:7433")

    @Test("the local spawner appends --server-key and --key")
    func localArguments() {
        var spawner = LocalWorkerSpawner(executable: "/bin/updraft")
        spawner.keyFiles = Self.files
        #expect(spawner.arguments(for: Self.request).suffix(4) == ["--server-key", "/h/curve/scheduler.pub", "--key", "/h/curve/client.key"])
    }

    @Test("a command template may name {server_key} and {key}; they are in the environment too")
    func commandPlaceholders() throws {
        let spawner = try CommandWorkerSpawner(
            template: "ssh h updraft worker --connect {endpoint} --server-key {server_key} --key {key}", keyFiles: Self.files)
        #expect(spawner.render(Self.request, host: nil)
            == "ssh h updraft worker --connect tcp://127.0.0.1:7433 --server-key /h/curve/scheduler.pub --key /h/curve/client.key")
        #expect(Self.files.environment == ["UPDRAFT_SERVER_KEY": "/h/curve/scheduler.pub", "UPDRAFT_KEY": "/h/curve/client.key"])
    }

    @Test("a home's pairs are made at first use with mode 0600 secrets and read back the same later")
    func homePairs() throws {
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("curve-home-\(UUID().uuidString)"))
        defer { try? FileManager.default.removeItem(at: home.root) }
        let first = try ServerSecurity.forHome(home)
        let second = try ServerSecurity.forHome(home)
        #expect(first.keys == second.keys)
        #expect(first.clientKeys == second.clientKeys)
        #expect(first.access.snapshot.fixed[try #require(first.clientKeys).publicKey] == "home")
        let attributes = try FileManager.default.attributesOfItem(atPath: HomeCurveKeys(home: home).serverSecretFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: home.curveFolder.path)
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        #expect(try HomeCurveKeys(home: home).clientSecurity() == .client(try #require(first.clientKeys), serverKey: first.keys.publicKey))
    }
}
