#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// Which output stream of a child process.
enum ChildStream: Int, Sendable {
    case stdout = 0
    case stderr = 1
}

/// How a child process ended.
struct ChildExit: Sendable, Hashable {
    /// Its exit status when it exited.
    var code: Int32?
    /// The signal that ended it.
    var signal: Int32?
    /// The shell's convention: the exit status, or 128 + the signal number.
    var shellCode: Int32 { code ?? (128 + (signal ?? 0)) }
}

/// Output of a child process, then its end, in the order they happened.
enum ChildEvent: Sendable {
    /// A batch of bytes from one stream (at most the chunk size).
    case output(ChildStream, [UInt8])
    /// The process ended; nothing follows.
    case exited(ChildExit)
}

/// A child process in its own process group (posix_spawn with `POSIX_SPAWN_SETPGROUP`),
/// stdin `/dev/null`, stdout and stderr on pipes, signals reset to their defaults.
///
/// Design note: one dedicated thread per child (`ChildOutputPump`) polls both pipes,
/// batches output (a chunk leaves when it reaches `maxChunkBytes` or has waited
/// `flushInterval`), notices the exit (pipe EOF, else a non-blocking `waitid` every 50 ms)
/// and reaps the child: nothing blocks a cooperative-pool thread. When the main process
/// has exited (seen with `WNOWAIT`, so its pid cannot be reused yet) whatever it left in
/// its group gets SIGKILL, then it is reaped: a task leaves no processes behind. A process
/// that left the group (`setsid`) and still holds the pipes gets 2 s, then the pipes are
/// closed and the try ends anyway.
final class ChildProcess: Sendable {
    /// The child's pid, also its process group id.
    let pid: pid_t
    /// Output batches, then `.exited`; one consumer.
    let events: AsyncStream<ChildEvent>
    /// True once the main process is reaped: the group id may then be reused, so no more signals.
    let reaped: Mutex<Bool>
    /// Kills the group if this process dies before reaping it.
    let guardian: ProcessGroupGuardian?

    private init(pid: pid_t, events: AsyncStream<ChildEvent>, guardian: ProcessGroupGuardian?) {
        self.pid = pid
        self.events = events
        self.guardian = guardian
        reaped = Mutex(false)
    }

    /// Sends `signal` to the whole process group, unless the child is already reaped.
    func signalGroup(_ signal: Int32) {
        reaped.withLock { done in
            if !done { _ = kill(-pid, signal) }
        }
    }

    /// Starts `executable` with `arguments` (argv[0] included) in `cwd`; `guardian` (when
    /// given) watches its group until it is reaped.
    /// Throws a sentence naming what failed (pipe, chdir, exec) with the system's reason.
    static func spawn(
        executable: String, arguments: [String], environment: [String: String], cwd: String,
        maxChunkBytes: Int, flushInterval: Duration, guardian: ProcessGroupGuardian? = nil
    ) throws(SpawnFailure) -> ChildProcess {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard PosixExtras.pipe(&outPipe), PosixExtras.pipe(&errPipe) else {
            let reason = String(cString: strerror(errno))
            for fd in outPipe + errPipe where fd >= 0 { close(fd) }
            throw SpawnFailure("cannot create pipes: \(reason)")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        var argumentsForChdir: [String] = arguments
        if !PosixExtras.addChdir(&actions, cwd) {
            // No posix_spawn_file_actions_addchdir_np: let bash change directory first.
            argumentsForChdir = [executable, "-c", "cd -- \"$0\" && exec \"$@\"", cwd] + arguments
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGHUP, SIGINT, SIGQUIT, SIGPIPE, SIGTERM, SIGUSR1, SIGUSR2, SIGCHLD, SIGALRM, SIGTSTP, SIGTTIN, SIGTTOU] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        let argv = argumentsForChdir.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw SpawnFailure("cannot start \(executable): \(String(cString: strerror(status)))")
        }
        let (events, continuation) = AsyncStream.makeStream(of: ChildEvent.self, bufferingPolicy: .unbounded)
        guardian?.watch(pid)
        let child = ChildProcess(pid: pid, events: events, guardian: guardian)
        let pump = ChildOutputPump(
            child: child, fds: [outPipe[0], errPipe[0]], maxChunkBytes: max(1, maxChunkBytes),
            flushInterval: flushInterval, continuation: continuation)
        let thread = Thread { pump.run() }
        thread.name = "updraft-child-\(pid)"
        thread.stackSize = 256 * 1024
        thread.start()
        return child
    }
}

/// Why a child process could not start.
public struct SpawnFailure: Error, Sendable, CustomStringConvertible {
    /// What failed and why.
    public var description: String
    init(_ description: String) { self.description = description }
}
