import Foundation
import Synchronization

/// A child process of the test (`updraft scheduler`, `updraft worker`, a CLI call) whose
/// stdout and stderr go to files, whose exit is awaited without blocking a thread, and
/// which is killed when the test ends.
final class ManagedProcess: Sendable {
    /// A name for diagnostics (`scheduler`, `worker-a`, ...).
    let name: String
    /// The arguments after the executable.
    let arguments: [String]
    /// Captured standard output.
    let stdoutPath: String
    /// Captured standard error.
    let stderrPath: String
    /// The process: only its pid is read after `run()`; exit is tracked by the handler.
    private let process: Process
    private let exit = ExitStatusBox()

    /// Starts `executable arguments` with `environment` added to this process's, writing
    /// output to `<folder>/<name>.stdout|.stderr`.
    init(name: String, executable: String = UpdraftBinary.path, arguments: [String], folder: String,
         environment: [String: String] = [:]) throws {
        self.name = name
        self.arguments = arguments
        let unique = "\(name)-\(UUID().uuidString.prefix(6))"
        stdoutPath = "\(folder)/\(unique).stdout"
        stderrPath = "\(folder)/\(unique).stderr"
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        let exit = self.exit
        process.terminationHandler = { p in exit.status.withLock { $0 = p.terminationStatus } }
        try process.run()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// The exit status once it exited, else nil.
    var exitStatus: Int32? { exit.status.withLock { $0 } }

    /// Sends `signal` (SIGTERM, SIGKILL, ...) if it still runs.
    func signal(_ signal: Int32) {
        if exitStatus == nil { kill(pid, signal) }
    }

    /// Waits for the exit (status, or nil when `timeout` passes first), checking every 20 ms.
    func waitForExit(timeout: Duration) async -> Int32? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let status = exitStatus { return status }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return exitStatus
    }

    /// SIGTERM, then SIGKILL after `grace` when it is still running.
    func stop(grace: Duration = .seconds(3)) async {
        guard exitStatus == nil else { return }
        signal(SIGTERM)
        if await waitForExit(timeout: grace) == nil {
            signal(SIGKILL)
            _ = await waitForExit(timeout: .seconds(5))
        }
    }

    /// What it wrote to stdout so far.
    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    /// What it wrote to stderr so far.
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    /// Name, arguments, status and both outputs (the tail), for failure messages.
    var diagnostics: String {
        func tail(_ text: String) -> String {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.suffix(60).joined(separator: "\n")
        }
        return """
            ----- \(name) (pid \(pid), exit \(exitStatus.map(String.init) ?? "running")): updraft \(arguments.joined(separator: " "))
            --- stdout:
            \(tail(stdout))
            --- stderr:
            \(tail(stderr))
            """
    }
}

/// The exit status a process's termination handler (another thread) records.
final class ExitStatusBox: Sendable {
    /// nil while the process runs.
    let status = Mutex<Int32?>(nil)
}
