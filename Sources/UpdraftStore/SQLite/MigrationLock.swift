import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock across processes held while a store's migrations run: GRDB reads which
/// migrations are applied once, then runs each missing one in its own transaction, so two
/// processes opening a fresh (or older) file at the same moment both ran `v6` and the second
/// failed with "table client_key already exists". The lock is `flock(2)` on a file beside the
/// database (`updraft.db.migrate-lock`), not on the database itself, whose POSIX locks SQLite
/// uses. It is released when ``withLock(beside:_:)`` returns, or when the process dies.
enum MigrationLock {
    /// Runs `body` while holding the lock of the database at `path` (blocking until another
    /// process's migration is over). Throws ``StoreError`` naming the lock file when it cannot
    /// be opened or locked, or what `body` throws.
    static func withLock<T>(beside path: String, _ body: () throws -> T) throws -> T {
        let lockPath = path + ".migrate-lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError(.cannotOpen, "cannot open the migration lock '\(lockPath)': \(String(cString: strerror(errno)))", context: path)
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw StoreError(.cannotOpen, "cannot lock '\(lockPath)': \(String(cString: strerror(errno)))", context: path)
            }
        }
        defer { flock(fd, LOCK_UN) }
        return try body()
    }
}
