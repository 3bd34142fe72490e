#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Foundation
import UpdraftCore

/// One poke of a `file`, `time_delta` or `command` sensor. Nothing here blocks a
/// cooperative-pool thread: file checks run on a dedicated dispatch queue, a command runs
/// as a ``ChildProcess`` (its own pump thread reaps it).
enum PokeChecks {
    /// What one poke found.
    enum Outcome: Sendable, Equatable {
        /// The condition holds.
        case met
        /// Not yet.
        case notMet
        /// The check itself could not run (the try fails; retries apply).
        case error(String)
    }

    /// File-system checks, off the cooperative pool (one serial queue for all sensors:
    /// `glob` on a local disk takes microseconds, a slow NFS mount stalls only sensors).
    private static let fileQueue = DispatchQueue(label: "updraft.sensor-files")

    /// Whether `pattern` (a path or a glob: `*`, `?`, `[...]`) matches an existing path.
    static func fileExists(_ pattern: String) async -> Outcome {
        guard !pattern.isEmpty else { return .error("file sensor: filepath is empty") }
        return await withCheckedContinuation { continuation in
            fileQueue.async { continuation.resume(returning: globMatches(pattern) ? .met : .notMet) }
        }
    }

    /// Blocking glob(3): call only off the cooperative pool.
    private static func globMatches(_ pattern: String) -> Bool {
        var result = glob_t()
        defer { globfree(&result) }
        // Without magic characters glob(3) still checks that the path exists.
        return glob(pattern, 0, nil, &result) == 0 && result.gl_pathc > 0
    }

    /// Whether `now` is at or past `dataIntervalEnd + delta`.
    static func timeReached(dataIntervalEnd: Date, delta: TimeSpan, now: Date) -> Outcome {
        now >= dataIntervalEnd.addingTimeInterval(TimeInterval(delta.seconds)) ? .met : .notMet
    }

    /// Runs `command` with `/bin/sh -c` in `cwd` (the scheduler's working directory when nil):
    /// exit 0 → met, any other exit → not met; a command that cannot start → error. Output
    /// is discarded. Cancelling the calling task kills the command's process group.
    static func command(_ command: String, environment: [String: String], cwd: String?) async -> Outcome {
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                executable: "/bin/sh", arguments: ["/bin/sh", "-c", command], environment: environment,
                cwd: cwd ?? FileManager.default.currentDirectoryPath, maxChunkBytes: 64 * 1024,
                flushInterval: .milliseconds(100))
        } catch {
            return .error("command sensor: \(error)")
        }
        return await withTaskCancellationHandler {
            for await event in child.events {
                if case .exited(let exit) = event { return exit.code == 0 ? .met : .notMet }
            }
            return .notMet
        } onCancel: {
            child.signalGroup(SIGKILL)
        }
    }
}
