#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// Appends task log text to per-try files (`home.logFile(for:tryNumber:)`) without ever
/// blocking the caller: every write is queued on one serial dispatch queue (a thread of
/// its own, not the cooperative pool) that keeps recently used files open.
///
/// ```swift
/// let logs = TaskLogWriter()
/// logs.append(Array("hello\n".utf8), to: url)
/// logs.close(url)          // after the try's footer
/// await logs.flush()       // tests: wait until everything is on disk
/// ```
///
/// A file that cannot be opened (permissions, full disk) is skipped and reported once per
/// path through `onError`; logging never fails a task.
///
/// `@unchecked Sendable`: `handles` and `failed` are only touched on `queue`, a serial
/// queue, so there is never concurrent access; everything else is immutable.
public final class TaskLogWriter: @unchecked Sendable {
    private let queue = DispatchQueue(label: "updraft.task-logs", qos: .utility)
    private var handles: [String: Int32] = [:]
    private var failed: Set<String> = []
    private let maxOpenFiles: Int
    private let onError: @Sendable (String) -> Void

    /// A writer keeping at most `maxOpenFiles` files open (the oldest are closed first).
    public init(maxOpenFiles: Int = 256, onError: @escaping @Sendable (String) -> Void = { _ in }) {
        self.maxOpenFiles = max(1, maxOpenFiles)
        self.onError = onError
    }

    deinit {
        for fd in handles.values { _ = Glibc.close(fd) }
    }

    /// Appends `bytes` to the file at `url` (created with its folders when missing).
    public func append(_ bytes: [UInt8], to url: URL) {
        guard !bytes.isEmpty else { return }
        queue.async { self.write(bytes, path: url.path) }
    }

    /// Appends `line` and a newline.
    public func appendLine(_ line: String, to url: URL) {
        append(Array((line + "\n").utf8), to: url)
    }

    /// Closes the file at `url` after the writes queued before this call.
    public func close(_ url: URL) {
        queue.async {
            if let fd = self.handles.removeValue(forKey: url.path) { _ = Glibc.close(fd) }
        }
    }

    /// Returns once every write queued before the call is done.
    public func flush() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            queue.async { c.resume() }
        }
    }

    /// Closes every open file (after the queued writes).
    public func closeAll() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            queue.async {
                for fd in self.handles.values { _ = Glibc.close(fd) }
                self.handles = [:]
                c.resume()
            }
        }
    }

    // MARK: on the queue

    private func write(_ bytes: [UInt8], path: String) {
        guard let fd = handle(path) else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                report(path, "write failed: \(String(cString: strerror(errno)))")
                return
            }
            offset += n
        }
    }

    private func handle(_ path: String) -> Int32? {
        if let fd = handles[path] { return fd }
        if handles.count >= maxOpenFiles {
            for fd in handles.values { _ = Glibc.close(fd) }
            handles = [:]
        }
        var fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            // First file of this task instance: create its folder (usually only the last
            // level is missing: one mkdir; else the whole path).
            let folder = (path as NSString).deletingLastPathComponent
            if Glibc.mkdir(folder, 0o755) != 0, errno != EEXIST {
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else {
            report(path, "cannot open: \(String(cString: strerror(errno)))")
            return nil
        }
        handles[path] = fd
        return fd
    }

    private func report(_ path: String, _ message: String) {
        guard failed.insert(path).inserted else { return }
        onError("task log \(path): \(message)")
    }
}
