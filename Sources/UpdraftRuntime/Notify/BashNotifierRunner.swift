#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization
import UpdraftCore

/// Runs a bash notifier with the worker's child-process code (``ChildProcess``: its own
/// process group, output read on a dedicated thread), so no cooperative thread waits on it.
/// Past `timeout` the whole group gets SIGKILL.
enum BashNotifierRunner {
    /// Runs `command` with `bash -c` in the scheduler's environment plus `environment`.
    ///
    /// - Throws: ``NotifyFailure`` (retryable) when it cannot start, exits non-zero, or times
    ///   out; the message ends with its last output line, masked with `masker`.
    static func run(_ command: String, environment: [String: String], timeout: Duration,
                    masker: SecretMasker) async throws(NotifyFailure) {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let shell = FileManager.default.isExecutableFile(atPath: "/bin/bash") ? "/bin/bash" : "/bin/sh"
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(executable: shell, arguments: [shell, "-c", command], environment: env,
                                           cwd: FileManager.default.temporaryDirectory.path,
                                           maxChunkBytes: 16 * 1024, flushInterval: .milliseconds(200))
        } catch {
            throw NotifyFailure("bash notifier cannot start: \(error)", retryable: true)
        }
        let timedOut = Mutex(false)
        // Unstructured: the killer races the child's exit; cancelled as soon as the child ends.
        let killer = Task {
            try await Task.sleep(for: timeout)
            timedOut.withLock { $0 = true }
            child.signalGroup(SIGKILL)
        }
        defer { killer.cancel() }
        var tail = LastLineTracker(limit: 2048)
        var exit = ChildExit(code: nil, signal: nil)
        for await event in child.events {
            switch event {
            case .output(_, let bytes): tail.feed(bytes)
            case .exited(let ended): exit = ended
            }
        }
        if exit.code == 0 { return }
        let last = masker.mask(tail.text ?? "")
        let reason = timedOut.withLock { $0 } ? "timed out after \(timeout)" : exit.signal.map { "killed by signal \($0)" } ?? "exit code \(exit.shellCode)"
        throw NotifyFailure("bash notifier \(reason)" + (last.isEmpty ? "" : ": \(last.prefix(500))"), retryable: true)
    }
}
