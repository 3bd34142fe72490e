import Foundation
import Synchronization
import Testing

/// Runs the built `updraft` binary (next to the test bundle) as a process: exit codes and
/// the split between stdout and stderr, which the in-process tests cannot see.
@Suite("updraft binary")
struct UpdraftBinaryTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("updraft")

    /// Runs the binary to completion on a dedicated thread, so the blocking reads and the
    /// wait stay off the cooperative pool (2 threads here: blocking one stalls every test).
    func run(_ args: [String]) async throws -> (status: Int32, out: String, err: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                let process = Process()
                process.executableURL = Self.binary
                process.arguments = args
                let out = Pipe(), err = Pipe()
                process.standardOutput = out
                process.standardError = err
                do { try process.run() } catch {
                    continuation.resume(throwing: error)
                    return
                }
                // stderr is drained on its own thread so a full stderr pipe cannot block stdout.
                let errData = Mutex(Data())
                let errReader = Thread { errData.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() } }
                errReader.start()
                let outData = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                while !errReader.isFinished { usleep(1_000) }
                continuation.resume(returning: (process.terminationStatus, String(decoding: outData, as: UTF8.self),
                                                String(decoding: errData.withLock { $0 }, as: UTF8.self)))
            }.start()
        }
    }

    @Test("validate on the broken fixtures: exit 1, errors on stderr, ok lines and summary on stdout")
    func validateBroken() async throws {
        let result = try await run(["dags", "validate", CLIPaths.broken])
        #expect(result.status == 1)
        #expect(result.out.contains("ok: good_dag"))
        #expect(result.err.split(separator: "\n").count == 6)
        #expect(!result.out.contains("error:"))
    }

    @Test("a wrong flag: exit 64 and the flag named on stderr")
    func wrongFlag() async throws {
        let result = try await run(["dags", "list", "--dag-folder", "x"])
        #expect(result.status == 64)
        #expect(result.err.contains("Unknown option '--dag-folder'"))
    }
}
