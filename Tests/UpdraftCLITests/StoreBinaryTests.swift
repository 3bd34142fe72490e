import Foundation
import Testing
import UpdraftStore

/// Runs the built `updraft` binary as another process against a store this test holds
/// open, as a CLI does next to a running scheduler.
@Suite("updraft binary: store commands from another process")
struct StoreBinaryTests {
    /// Runs the binary with `args`; waits without blocking a thread (output goes to files).
    func run(_ args: [String]) async throws -> (status: Int32, out: String, err: String) {
        let folder = try CLIPaths.temporaryFolder()
        let outURL = URL(fileURLWithPath: folder + "/out"), errURL = URL(fileURLWithPath: folder + "/err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = UpdraftBinaryTests.binary
        process.arguments = args
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        return (status, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }

    @Test("a pool set by the CLI process is seen at once by an open store, with a new change token")
    func crossProcessWrite() async throws {
        let home = try CLIPaths.temporaryFolder()
        let store = try SQLiteStore(path: home + "/updraft.db")
        let before = try await store.externalChangeToken()
        let result = try await run(["pools", "set", "db", "3", "--home", home])
        #expect(result.status == 0)
        #expect(result.out == "created pool 'db': 3 slot(s)\n")
        #expect(try await store.externalChangeToken() == before + 1)
        #expect(try await store.pools().contains(PoolRecord(name: "db", slots: 3)))
    }

    @Test("errors: message on stderr, nothing on stdout, exit 1 (missing) or 64 (bad input)")
    func exitCodes() async throws {
        let home = try CLIPaths.temporaryFolder()
        let missing = try await run(["variables", "get", "nope", "--home", home])
        #expect(missing.status == 1)
        #expect(missing.out.isEmpty)
        #expect(missing.err == "error: no variable 'nope'\n")
        let bad = try await run(["db", "clean", "--older-than", "soon", "--home", home])
        #expect(bad.status == 64)
        #expect(bad.err.contains("--older-than 'soon' is not an age"))
        let slots = try await run(["pools", "set", "db", "lots", "--home", home])
        #expect(slots.status == 64)
        #expect(slots.err.contains("slots 'lots' is not a number of slots"))
        #expect(try await SQLiteStore(path: home + "/updraft.db").pools().map(\.name) == ["default_pool"])
    }
}
