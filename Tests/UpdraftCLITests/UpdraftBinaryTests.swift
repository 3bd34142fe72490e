import Foundation
import Testing

/// Runs the built `updraft` binary (next to the test bundle) as a process: exit codes and
/// the split between stdout and stderr, which the in-process tests cannot see.
@Suite("updraft binary")
struct UpdraftBinaryTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("updraft")

    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = args
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }

    @Test("validate on the broken fixtures: exit 1, errors on stderr, ok lines and summary on stdout")
    func validateBroken() throws {
        let result = try run(["dags", "validate", CLIPaths.broken])
        #expect(result.status == 1)
        #expect(result.out.contains("ok: good_dag"))
        #expect(result.err.split(separator: "\n").count == 6)
        #expect(!result.out.contains("error:"))
    }

    @Test("a wrong flag: exit 64 and the flag named on stderr")
    func wrongFlag() throws {
        let result = try run(["dags", "list", "--dag-folder", "x"])
        #expect(result.status == 64)
        #expect(result.err.contains("Unknown option '--dag-folder'"))
    }
}
