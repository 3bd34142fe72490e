import Foundation
import Synchronization

/// A process a ``WorkerSpawner`` started: its pid, the tail of its output (for failure
/// reports), and its exit. Wraps ``ChildProcess`` (own process group, pipes read and the
/// child reaped on a dedicated thread: nothing blocks the cooperative pool).
public final class SpawnedProcess: Sendable {
    /// The process id (also its process group id).
    public let pid: Int32
    private let child: ChildProcess
    private let record = Record()
    private let reader: Task<Void, Never>
    /// How much output is kept for reports.
    static let tailBytes = 2048

    private init(child: ChildProcess) {
        pid = child.pid
        self.child = child
        let record = record
        // Unstructured: reads the child's events for the life of the process; ends with its stream.
        reader = Task {
            for await event in child.events {
                switch event {
                case .output(_, let bytes):
                    record.tail.withLock { kept in
                        kept.append(contentsOf: bytes)
                        if kept.count > Self.tailBytes { kept.removeFirst(kept.count - Self.tailBytes) }
                    }
                case .exited(let exit):
                    record.exit.withLock { $0 = exit }
                }
            }
        }
    }

    /// Starts `arguments` (argv[0] is the executable path) with this process's environment
    /// plus `environment`.
    public static func start(_ arguments: [String], environment: [String: String] = [:]) throws(SpawnError) -> SpawnedProcess {
        guard let executable = arguments.first else { throw SpawnError("no command to start") }
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        do {
            let child = try ChildProcess.spawn(
                executable: executable, arguments: arguments, environment: env,
                cwd: FileManager.default.currentDirectoryPath, maxChunkBytes: 4096, flushInterval: .milliseconds(100))
            return SpawnedProcess(child: child)
        } catch {
            throw SpawnError(error.description)
        }
    }

    /// Waits (without blocking a thread) until it has exited; "exit status N" or
    /// "killed by signal N".
    public func waitForExit() async -> String {
        await reader.value
        return record.exit.withLock { $0 }.map(Self.describe) ?? "exited"
    }

    /// Whether it has exited (and been reaped).
    public var hasExited: Bool { record.exit.withLock { $0 != nil } }

    /// The last lines it wrote (stdout and stderr mixed), trimmed, at most 2 KiB.
    public var outputTail: String {
        String(decoding: record.tail.withLock { $0 }, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends `signal` to its process group (nothing once it is reaped).
    public func signal(_ signal: Int32) { child.signalGroup(signal) }

    static func describe(_ exit: ChildExit) -> String {
        if let code = exit.code { return "exit status \(code)" }
        return "killed by signal \(exit.signal ?? 0)"
    }
}

/// What the reader task learns about a process, shared with it.
private final class Record: Sendable {
    let tail = Mutex<[UInt8]>([])
    let exit = Mutex<ChildExit?>(nil)
}
