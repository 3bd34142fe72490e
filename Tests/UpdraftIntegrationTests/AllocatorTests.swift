import Foundation
import Testing

/// The `updraft` executable runs on jemalloc (Package.swift links it for the cross-thread
/// frees between message loops): if the link order ever let glibc's malloc win, jemalloc
/// would not read `MALLOC_CONF` and print no statistics.
@Suite("Integration: allocator", .timeLimit(.minutes(1)))
struct AllocatorTests {
    @Test("the updraft binary allocates with jemalloc")
    func jemallocIsTheAllocator() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-alloc-\(UUID().uuidString.prefix(6))").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = try ManagedProcess(
            name: "help", arguments: ["dags", "--help"], folder: folder,
            environment: ["MALLOC_CONF": "stats_print:true"])
        let status = await process.waitForExit(timeout: .seconds(30))
        #expect(status == 0)
        let stderr = try String(contentsOfFile: process.stderrPath, encoding: .utf8)
        #expect(stderr.contains("jemalloc statistics"), "no jemalloc statistics on stderr: \(stderr.prefix(300))")
    }
}
