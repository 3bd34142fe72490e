#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import UpdraftStore

@Suite("HomeLock: one scheduler per SQLite home")
struct HomeLockTests {
    static func freshHome() throws -> UpdraftHome {
        // A folder that does not exist yet: acquire creates it.
        UpdraftHome(root: try StoreFixtures.temporaryFolder().appendingPathComponent("home"))
    }

    @Test("acquire creates the home and the lock file and writes the holder's pid into it")
    func acquireWritesPid() throws {
        let home = try Self.freshHome()
        let lock = try HomeLock.acquire(home, pid: 4242)
        defer { lock.release() }
        #expect(lock.isHeld)
        #expect(lock.path == home.root.appendingPathComponent("scheduler.lock").path)
        #expect(try String(contentsOfFile: lock.path, encoding: .utf8) == "4242\n")
        #expect(HomeLock.recordedHolder(of: home) == 4242)
    }

    @Test("a second acquire (its own open file description, same process) is refused, naming the home and the holder")
    func secondAcquireConflicts() throws {
        let home = try Self.freshHome()
        let first = try HomeLock.acquire(home, pid: 4242)
        defer { first.release() }
        do {
            let second = try HomeLock.acquire(home, pid: 5353)
            second.release()
            Issue.record("a second lock was granted on \(home.root.path)")
        } catch {
            #expect(error.code == .homeInUse)
            #expect(error.message == "another scheduler (pid 4242) is running on home \(home.root.path); one scheduler per SQLite home (stop it first)")
        }
        // The refusal changed nothing: the file still names the holder, who still holds it.
        #expect(HomeLock.recordedHolder(of: home) == 4242)
        #expect(first.isHeld)
    }

    @Test("after release (or when the value is freed) the next acquire succeeds and records its own pid")
    func releaseFreesIt() throws {
        let home = try Self.freshHome()
        let first = try HomeLock.acquire(home, pid: 4242)
        first.release()
        first.release()  // idempotent
        #expect(!first.isHeld)
        let second = try HomeLock.acquire(home, pid: 5353)
        #expect(HomeLock.recordedHolder(of: home) == 5353)
        second.release()

        do { _ = try HomeLock.acquire(home, pid: 6464) }  // freed at the end of this scope
        let third = try HomeLock.acquire(home, pid: 7575)
        third.release()
    }

    @Test("release frees the lock even while a copy of the descriptor is still open (a child forked but not yet exec'd holds one)")
    func releaseWithACopyOpen() throws {
        let home = try Self.freshHome()
        let first = try HomeLock.acquire(home, pid: 4242)
        // dup shares the open file description, exactly as the copy in a child between
        // fork and exec does (close-on-exec closes it only at exec).
        let copy = dup(first.currentDescriptor())
        #expect(copy >= 0)
        defer { close(copy) }
        first.release()
        let second = try HomeLock.acquire(home, pid: 5353)
        #expect(HomeLock.recordedHolder(of: home) == 5353)
        second.release()
    }

    @Test("a lock file left by an earlier holder (nothing holds it) is taken and overwritten")
    func staleFileIsNotALock() throws {
        let home = try Self.freshHome()
        try FileManager.default.createDirectory(at: home.root, withIntermediateDirectories: true)
        try "999999\nleft over by a scheduler that was killed\n".write(to: home.schedulerLockFile, atomically: true, encoding: .utf8)
        let lock = try HomeLock.acquire(home, pid: 4242)
        defer { lock.release() }
        #expect(try String(contentsOf: home.schedulerLockFile, encoding: .utf8) == "4242\n")
    }

    @Test("a refusal when the holder has not written its pid yet says so without a pid")
    func refusalWithoutPid() {
        let home = UpdraftHome(root: URL(fileURLWithPath: "/srv/h"))
        #expect(HomeLock.inUse(home: home, holder: nil).message
                == "another scheduler is running on home /srv/h; one scheduler per SQLite home (stop it first)")
    }

    @Test("a child process started while the lock is held does not inherit it (close-on-exec)")
    func childDoesNotKeepIt() async throws {
        let home = try Self.freshHome()
        let lock = try HomeLock.acquire(home, pid: 4242)
        // posix_spawn keeps every descriptor not marked close-on-exec.
        var child: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("30"), nil]
        defer { for arg in argv { free(arg) } }
        let spawned = posix_spawn(&child, "/bin/sleep", nil, nil, argv, environ)
        try #require(spawned == 0)
        defer {
            kill(child, SIGKILL)
            var status: Int32 = 0
            waitpid(child, &status, 0)
        }
        // posix_spawn returns once the child is in execve, a moment before the kernel closes
        // its close-on-exec descriptors: wait (generously) for its descriptor table to lose
        // the lock file. An inherited descriptor would stay there and fail the wait.
        let deadline = ContinuousClock.now + .seconds(30)
        while Self.openFiles(of: child).contains(lock.path) {
            try #require(ContinuousClock.now < deadline, "the child still has \(lock.path) open")
            try await Task.sleep(for: .milliseconds(5))
        }
        lock.release()
        let next = try HomeLock.acquire(home, pid: 5353)
        next.release()
    }

    /// The files `pid` has open (its `/proc/PID/fd` links).
    static func openFiles(of pid: pid_t) -> [String] {
        let folder = "/proc/\(pid)/fd"
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return fds.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\($0)") }
    }
}
