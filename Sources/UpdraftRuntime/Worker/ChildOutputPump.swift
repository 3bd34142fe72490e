#if canImport(Glibc)
import Glibc
#endif

/// The dedicated thread's work for one ``ChildProcess``: read both pipes, batch the
/// output, notice the exit, kill leftovers in the group, reap. Runs on its own thread
/// only (blocking `poll` and `waitid` are fine there).
///
/// `@unchecked Sendable`: handed once to the thread that runs it; nothing else touches
/// its state (the continuation and `ChildProcess` are Sendable themselves).
final class ChildOutputPump: @unchecked Sendable {
    private let child: ChildProcess
    private var fds: [Int32]
    private let maxChunkBytes: Int
    private let flushInterval: Duration
    private let continuation: AsyncStream<ChildEvent>.Continuation
    private var pending: [[UInt8]] = [[], []]
    private var oldestPending: ContinuousClock.Instant?
    private var exit: ChildExit?
    private var exitedAt: ContinuousClock.Instant?
    private static let exitCheckInterval: Duration = .milliseconds(50)
    /// After the main process exited (and its group was killed), how long the pipes may
    /// stay open: a process that left the group (`setsid`) may still hold them.
    static let pipeGraceAfterExit: Duration = .seconds(2)

    init(
        child: ChildProcess, fds: [Int32], maxChunkBytes: Int, flushInterval: Duration,
        continuation: AsyncStream<ChildEvent>.Continuation
    ) {
        self.child = child
        self.fds = fds
        self.maxChunkBytes = maxChunkBytes
        self.flushInterval = flushInterval
        self.continuation = continuation
    }

    func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var lastExitCheck = ContinuousClock.now
        while fds.contains(where: { $0 >= 0 }) {
            pollOnce(&buffer)
            let now = ContinuousClock.now
            if let oldest = oldestPending, now - oldest >= flushInterval { flushAll() }
            if exit == nil, now - lastExitCheck >= Self.exitCheckInterval {
                lastExitCheck = now
                exit = reapIfExited(blocking: false)
                if exit != nil { exitedAt = now }
            }
            if let exitedAt, now - exitedAt >= Self.pipeGraceAfterExit {
                // Something outside the group holds the pipes: stop reading them.
                for fd in fds where fd >= 0 { close(fd) }
                fds = fds.map { _ in -1 }
            }
        }
        flushAll()
        let ended = exit ?? reapIfExited(blocking: true) ?? ChildExit(code: nil, signal: nil)
        continuation.yield(.exited(ended))
        continuation.finish()
    }

    /// One `poll` over the open pipes (timeout: the next flush, or the next exit check),
    /// then one read from each readable pipe.
    private func pollOnce(_ buffer: inout [UInt8]) {
        var items = fds.filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        var timeout = Int32(Self.exitCheckInterval.wholeMilliseconds)
        if let oldest = oldestPending {
            let left = (flushInterval - (ContinuousClock.now - oldest)).wholeMilliseconds
            timeout = Int32(max(0, min(Int64(timeout), left)))
        }
        let ready = poll(&items, nfds_t(items.count), timeout)
        guard ready > 0 else { return }
        for item in items where item.revents != 0 {
            guard let stream = fds.firstIndex(of: item.fd) else { continue }
            let count = buffer.withUnsafeMutableBytes { read(item.fd, $0.baseAddress, $0.count) }
            if count > 0 {
                append(buffer[0..<count], to: stream)
            } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                close(item.fd)
                fds[stream] = -1
            }
        }
    }

    private func append(_ bytes: ArraySlice<UInt8>, to stream: Int) {
        pending[stream].append(contentsOf: bytes)
        if oldestPending == nil { oldestPending = .now }
        while pending[stream].count >= maxChunkBytes {
            let chunk = Array(pending[stream].prefix(maxChunkBytes))
            pending[stream].removeFirst(maxChunkBytes)
            continuation.yield(.output(ChildStream(rawValue: stream)!, chunk))
        }
    }

    private func flushAll() {
        for stream in 0..<2 where !pending[stream].isEmpty {
            continuation.yield(.output(ChildStream(rawValue: stream)!, pending[stream]))
            pending[stream] = []
        }
        oldestPending = nil
    }

    /// When the main process has exited (or, if `blocking`, once it does): SIGKILL to
    /// what is left in its group, then reap it. Nil when it still runs.
    private func reapIfExited(blocking: Bool) -> ChildExit? {
        var info = siginfo_t()
        var result: Int32
        repeat {
            result = waitid(P_PID, id_t(child.pid), &info, WEXITED | WNOWAIT | (blocking ? 0 : WNOHANG))
        } while result < 0 && errno == EINTR
        if result == 0 && info.si_signo == 0 { return nil }  // WNOHANG: still running
        return child.reaped.withLock { done -> ChildExit in
            _ = kill(-child.pid, SIGKILL)
            var status: Int32 = 0
            var reapedPid: pid_t
            repeat { reapedPid = waitpid(child.pid, &status, 0) } while reapedPid < 0 && errno == EINTR
            done = true
            child.guardian?.release(child.pid)
            guard reapedPid == child.pid else { return ChildExit(code: nil, signal: nil) }
            let signal = status & 0x7f
            return signal == 0 ? ChildExit(code: (status >> 8) & 0xff, signal: nil) : ChildExit(code: nil, signal: signal)
        }
    }
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
