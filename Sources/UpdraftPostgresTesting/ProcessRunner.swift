import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the PostgreSQL programs with `posix_spawn`, every descriptor above stderr closed in
/// the child, without holding a thread of Swift's cooperative pool (`waitpid` runs on a
/// dispatch queue).
///
/// Not Foundation's `Process`: on Linux it learns that a child ended when a socket the child
/// inherits closes, and `pg_ctl start` leaves a server running that would inherit it (and the
/// sockets of every other `Process` the test process runs at that moment) for good, so no
/// such `Process` would ever be seen to end.
enum ProcessRunner {
    /// Runs `program` to its end; throws ``TestPostgresError`` with its output when it exits non-zero.
    static func run(_ program: String, _ arguments: [String]) async throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-pg-out-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let pid = try spawn(program, arguments, outputPath: output.path)
        let status = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            DispatchQueue.global().async {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
        }
        guard status == 0 else {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            throw TestPostgresError("\(program) \(arguments.joined(separator: " ")) exited with status \(status): "
                                    + text.split(separator: "\n").suffix(10).joined(separator: "\n"))
        }
    }

    /// Starts `program` with stdin from /dev/null, stdout and stderr to `outputPath`, and no
    /// other descriptor; returns its pid (the caller waits for it, or lets it run).
    static func spawn(_ program: String, _ arguments: [String], outputPath: String = "/dev/null") throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        closeFrom3(&actions)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard result == 0 else {
            throw TestPostgresError("cannot start \(program): \(String(cString: strerror(result)))")
        }
        return pid
    }

    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+; Swift's Glibc module does
    /// not export it), else a close of each descriptor open now.
    private static func closeFrom3(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>) {
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(actions, 3)
            return
        }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd > 2 { posix_spawn_file_actions_addclose(actions, fd) }
    }
}
