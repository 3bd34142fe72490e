#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// The lock that makes one scheduler process the only one on an ``UpdraftHome``:
/// `flock(LOCK_EX | LOCK_NB)` on ``UpdraftHome/schedulerLockFile``, kept open for as long
/// as the holder runs. The kernel drops it when that process ends, however it ends (a
/// SIGKILL or a crash never leaves a stale lock), and the holder's pid is written into the
/// file once the lock is taken, so a refusal can name it.
///
/// `updraft scheduler` and `updraft standalone` take it before they touch the store or
/// `scheduler.json`; commands that only read or write the store (`dags trigger`, `runs list`,
/// `pools set` ...) do not, and keep working beside a running scheduler.
///
/// With SQLite a second scheduler on one home is an error: two schedulers would share one
/// store with no coordination (both would dispatch the same ready task instances). With
/// PostgreSQL (a later store) several schedulers are the point and coordinate through row
/// locks (`SELECT … FOR UPDATE SKIP LOCKED`), so that store will not take this lock.
///
/// ```swift
/// let lock = try HomeLock.acquire(home)   // throws StoreError .homeInUse naming the holder
/// defer { lock.release() }
/// ```
///
/// `flock` locks belong to an open file description: a second ``acquire(_:pid:)`` in the
/// same process conflicts with the first exactly as another process would. The descriptor
/// is opened close-on-exec, so workers and tasks this process starts never inherit (and
/// never keep) the lock. Taking it never waits (`LOCK_NB`): no thread is blocked.
public final class HomeLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Mutex<Int32>

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = Mutex(descriptor)
    }

    /// Takes the lock of `home` (creating the folder and the lock file when missing) and
    /// writes `pid` into the file.
    ///
    /// - Throws: ``StoreError`` `homeInUse` when another holder has it (the message names
    ///   the home and, when the file says, the holder's pid); `cannotOpen` when the file
    ///   cannot be created or locked.
    public static func acquire(_ home: UpdraftHome, pid: Int32 = getpid()) throws(StoreError) -> HomeLock {
        let path = home.schedulerLockFile.path
        do {
            try FileManager.default.createDirectory(at: home.root, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.cannotOpen, "cannot create the home folder: \(error.localizedDescription)", context: home.root.path)
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError(.cannotOpen, "cannot open the scheduler lock: \(String(cString: strerror(errno)))", context: path)
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            defer { close(fd) }
            guard code == EWOULDBLOCK else {
                throw StoreError(.cannotOpen, "cannot lock: \(String(cString: strerror(code)))", context: path)
            }
            throw inUse(home: home, holder: readPid(fd))
        }
        // Ours now: replace whatever an earlier holder wrote.
        let text = Array("\(pid)\n".utf8)
        if ftruncate(fd, 0) != 0 || pwrite(fd, text, text.count, 0) != text.count {
            let code = errno
            close(fd)
            throw StoreError(.cannotOpen, "cannot write the scheduler lock: \(String(cString: strerror(code)))", context: path)
        }
        return HomeLock(path: path, descriptor: fd)
    }

    /// The pid written in `home`'s lock file, if any (the holder's, while it is locked;
    /// the last holder's after it ended). Reads only: takes no lock.
    public static func recordedHolder(of home: UpdraftHome) -> Int32? {
        let fd = open(home.schedulerLockFile.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        return readPid(fd)
    }

    /// The refusal: names the home and the holder.
    static func inUse(home: UpdraftHome, holder: Int32?) -> StoreError {
        let who = holder.map { "another scheduler (pid \($0))" } ?? "another scheduler"
        return StoreError(
            .homeInUse,
            "\(who) is running on home \(home.root.path); one scheduler per SQLite home (stop it first)")
    }

    private static func readPid(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return Int32(text)
    }

    /// Whether this value still holds the lock (``release()`` not called yet).
    public var isHeld: Bool { descriptor.withLock { $0 >= 0 } }

    /// Gives the lock up (unlocks and closes the file; the file stays, with the last
    /// holder's pid).
    /// Idempotent; also done when the value is freed.
    public func release() {
        descriptor.withLock { fd in
            guard fd >= 0 else { return }
            // Unlock before closing: a child another thread of this process is forking
            // holds a copy of the descriptor until its exec (close-on-exec acts only
            // then), and close alone would leave the lock held through that copy.
            // LOCK_UN releases it on the open file description whatever copies exist.
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    /// The open descriptor (-1 once released), for tests that copy it as a fork would.
    func currentDescriptor() -> Int32 { descriptor.withLock { $0 } }

    deinit { release() }
}
