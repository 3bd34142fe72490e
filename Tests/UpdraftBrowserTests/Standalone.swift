import Foundation
import UpdraftBrowser

/// A real `updraft standalone` (the binary the build made) over a fresh home, with the
/// HTTP API and UI on a free port with authentication on, two in-process workers, and
/// the users the scenarios log in as: `otto` (operator) and `vera` (viewer).
final class Standalone {
    let home: String
    let url: String
    private let process: Process
    let logPath: String

    static let users = [("otto", "operator"), ("vera", "viewer")]
    static func password(_ user: String) -> String { "\(user)-password" }

    /// The `updraft` executable: `$UPDRAFT_BINARY`, else next to the test bundle, else
    /// `<repo>/.build/debug/updraft`.
    static var binary: String {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["UPDRAFT_BINARY"], fm.isExecutableFile(atPath: explicit) { return explicit }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("updraft").path
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue, fm.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/updraft").path
    }

    /// Runs `updraft ARGS` to its end with `input` on stdin; throws on a non-zero exit.
    static func runCLI(_ args: [String], input: String = "") throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = args
        let stdin = Pipe()
        p.standardInput = stdin
        p.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        p.standardError = stderr
        try p.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let err = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw WebDriver.Failure(description: "updraft \(args.joined(separator: " ")) exited \(p.terminationStatus): \(err)")
        }
    }

    /// Starts it over `dagsFolder` in `folder/home`; returns once the banner printed the URL.
    static func start(dagsFolder: String, folder: String) async throws -> Standalone {
        let home = folder + "/home"
        for (user, role) in users {
            try runCLI(["users", "create", "--username", user, "--role", role, "--home", home], input: password(user) + "\n")
        }
        let logPath = folder + "/standalone.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["standalone", "--dags-folder", dagsFolder, "--home", home, "--api-port", "0", "--api-auth", "users", "--workers", "2"]
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.contains("api:") }),
               let url = line.split(separator: " ").first(where: { $0.hasPrefix("http://") }) {
                return Standalone(home: home, url: String(url), process: p, logPath: logPath)
            }
            if !p.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        p.terminate()
        throw WebDriver.Failure(description: "updraft standalone printed no api URL: \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
    }

    private init(home: String, url: String, process: Process, logPath: String) {
        self.home = home
        self.url = url
        self.process = process
        self.logPath = logPath
    }

    /// Stops it (SIGTERM, then SIGKILL after 10 s).
    func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        for _ in 0..<100 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
