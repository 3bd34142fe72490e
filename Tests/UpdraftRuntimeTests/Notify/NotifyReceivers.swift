import Foundation
import Testing

/// A Python receiver (HTTP or SMTP) from Tests/UpdraftRuntimeTests/Fixtures, started for one
/// test: it writes its port to a file and saves what it receives as JSON files in a folder.
/// A missing python3 or aiosmtpd fails the test (never skips it).
final class PythonReceiver: Sendable {
    let port: Int
    let folder: URL
    let process: Process

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures")

    private init(port: Int, folder: URL, process: Process) {
        self.port = port
        self.folder = folder
        self.process = process
    }

    /// Starts `script` with its port file, its output folder and `arguments`.
    static func start(_ script: String, arguments: [String] = []) async throws -> PythonReceiver {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-receiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let portFile = dir.appendingPathComponent("port")
        let out = dir.appendingPathComponent("received")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixtures.appendingPathComponent(script).path, portFile.path, out.path] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let port = Int(text) {
                return PythonReceiver(port: port, folder: out, process: process)
            }
            if !process.isRunning {
                let message = String(decoding: errors.fileHandleForReading.availableData, as: UTF8.self)
                Issue.record("\(script) exited with \(process.terminationStatus): \(message)")
                throw ReceiverError("\(script) did not start: \(message)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(process.processIdentifier, SIGKILL)
        throw ReceiverError("\(script) did not write its port within 20 s")
    }

    /// Every record received so far, in arrival order.
    func received() -> [[String: Any]] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }
            .sorted { Int($0.dropLast(5)) ?? 0 < Int($1.dropLast(5)) ?? 0 }
            .compactMap { name in
                guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return nil }
                return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
            }
    }

    /// Waits until at least `count` records arrived (at most `limit`).
    func waitFor(_ count: Int, limit: Duration = .seconds(20)) async -> [[String: Any]] {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let records = received()
            if records.count >= count { return records }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return received()
    }

    /// SIGKILL: the test runner's children may inherit a blocked SIGTERM.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: folder.deletingLastPathComponent())
    }
}

struct ReceiverError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
