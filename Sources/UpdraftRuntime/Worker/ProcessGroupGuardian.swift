#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Kills the process groups of a worker's tasks when the worker dies, however it dies.
///
/// A task runs in its own process group, which the worker kills on a timeout, a cancel, a
/// lost executor or its own stop. A worker killed with SIGKILL can do none of that, and its
/// tasks would run on (a `sleep` writes nothing, so not even SIGPIPE stops it) beside the
/// retry the executor starts elsewhere: two tries of one task instance at once. So a worker
/// starts a guardian: a small process (`updraft worker-guardian`, in its own process group)
/// reading the worker's pipe, on which the worker writes `+PGID` when a task starts and
/// `-PGID` once it is reaped. When the pipe ends (the worker exited, whatever the cause) the
/// guardian sends SIGKILL to every group still listed, then exits.
///
/// Writes are single `write(2)` calls of a few bytes (atomic on a pipe), non-blocking: they
/// never stall a thread, and a guardian that stopped reading only costs that protection.
public final class ProcessGroupGuardian: Sendable {
    /// The write end of the pipe (close-on-exec, so no task inherits it).
    private let fd: Int32
    /// The guardian's pid.
    public let pid: pid_t

    private init(fd: Int32, pid: pid_t) {
        self.fd = fd
        self.pid = pid
    }

    deinit { close(fd) }

    /// Starts `executable worker-guardian` (the `updraft` binary: see ``defaultExecutable``).
    /// Throws a sentence naming what failed.
    public static func start(executable: String) throws(SpawnFailure) -> ProcessGroupGuardian {
        var fds: [Int32] = [-1, -1]
        guard PosixExtras.pipe(&fds) else { throw SpawnFailure("cannot create the guardian's pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        // Not the worker's stderr: whoever reads it (a spawning scheduler) sees it end
        // when the worker ends, not when its guardian does.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = [strdup(executable), strdup("worker-guardian"), nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(fds[0])
        guard status == 0 else {
            close(fds[1])
            throw SpawnFailure("cannot start the worker guardian \(executable): \(String(cString: strerror(status)))")
        }
        return ProcessGroupGuardian(fd: fds[1], pid: pid)
    }

    /// This process's executable (`/proc/self/exe`), when it can be read.
    public static var defaultExecutable: String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// From now on, `pgid` is killed if this process dies.
    func watch(_ pgid: pid_t) { send("+\(pgid)\n") }

    /// `pgid` is gone (reaped): no longer watched.
    func release(_ pgid: pid_t) { send("-\(pgid)\n") }

    private func send(_ line: String) {
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(fd, $0.baseAddress, $0.count) }
    }
}

/// The guardian's side: the groups the worker listed, killed when its pipe ends. A pure value.
public struct GuardedGroups: Sendable, Hashable {
    /// The groups listed now.
    public private(set) var groups: Set<Int32> = []

    /// An empty list.
    public init() {}

    /// Applies one line from the worker (`+PGID` or `-PGID`); anything else is ignored.
    public mutating func apply(_ line: Substring) {
        guard let sign = line.first, let pgid = Int32(line.dropFirst()), pgid > 1 else { return }
        if sign == "+" { groups.insert(pgid) } else if sign == "-" { groups.remove(pgid) }
    }
}
