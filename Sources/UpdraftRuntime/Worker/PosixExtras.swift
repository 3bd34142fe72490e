#if canImport(Glibc)
import Glibc
#endif

/// glibc functions Swift's Glibc module does not import (they need `_GNU_SOURCE`),
/// looked up once with `dlsym`; callers fall back when one is missing.
enum PosixExtras {
    private typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32
    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    private static let pipe2: Pipe2? = symbol("pipe2").map { unsafeBitCast($0, to: Pipe2.self) }
    private static let addChdirNP: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
        .map { unsafeBitCast($0, to: AddChdir.self) }

    private static func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        dlsym(dlopen(nil, RTLD_NOW), name)
    }

    /// A pipe whose two ends close on exec (so a child spawned by another thread
    /// meanwhile cannot inherit it and hold it open). False (errno set) on failure.
    static func pipe(_ fds: inout [Int32]) -> Bool {
        if let pipe2 { return fds.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) } == 0 }
        guard Glibc.pipe(&fds) == 0 else { return false }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return true
    }

    /// Adds "chdir to `path`" to spawn file actions; false when this libc cannot.
    static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Bool {
        guard let addChdirNP else { return false }
        return addChdirNP(&actions, path) == 0
    }
}
