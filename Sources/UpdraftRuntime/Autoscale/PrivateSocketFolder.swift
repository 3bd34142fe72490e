import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A folder only this user can enter (mode 0700, made by `mkdtemp`) holding the `ipc://`
/// socket that locally spawned workers connect to, so no other account on the machine can
/// reach the executor through it, with or without CURVE (issue 17: "`--parent-pid`-spawned
/// local workers use ipc:// with CURVE or a private socket folder"). Unix socket paths are
/// limited to 107 bytes, so the folder is made in the home when its path is short enough,
/// else in the temporary folder. ``remove()`` deletes it; one left by a killed process is
/// only an empty folder and a dead socket file.
public struct PrivateSocketFolder: Sendable, Hashable {
    /// The folder.
    public let path: String

    /// The executor's socket inside it: `ipc://FOLDER/executor.sock`.
    public var executorEndpoint: String { "ipc://\(path)/executor.sock" }

    /// Longest socket path that fits `sockaddr_un.sun_path` with its NUL.
    static let maximumSocketPath = 107

    /// Makes a new private folder under `preferred` (or, when a socket path there would be
    /// too long, under `fallback`). Throws ``SpawnError`` naming the folder and the reason.
    public static func create(preferred: String, fallback: String = NSTemporaryDirectory()) throws(SpawnError) -> PrivateSocketFolder {
        let template = "updraft-spawn-XXXXXX"
        let socketTail = "/" + template + "/executor.sock"
        let base = (preferred.utf8.count + socketTail.utf8.count <= maximumSocketPath) ? preferred : fallback
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard trimmedBase.utf8.count + socketTail.utf8.count <= maximumSocketPath else {
            throw SpawnError("no folder for the spawned workers' socket: \(trimmedBase) is too long for a unix socket path")
        }
        do {
            try FileManager.default.createDirectory(atPath: trimmedBase, withIntermediateDirectories: true)
        } catch {
            throw SpawnError("cannot make \(trimmedBase) for the spawned workers' socket: \(error.localizedDescription)")
        }
        var bytes = Array((trimmedBase + "/" + template).utf8CString)
        guard let made = bytes.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw SpawnError("cannot make a private folder in \(trimmedBase) for the spawned workers' socket: \(String(cString: strerror(errno)))")
        }
        let path = String(cString: made)
        // mkdtemp makes it 0700 whatever the umask; say so rather than trust it silently.
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o777 == 0o700, info.st_uid == getuid() else {
            throw SpawnError("\(path) is not a folder of mode 0700 owned by this user")
        }
        return PrivateSocketFolder(path: path)
    }

    /// Deletes the folder and its socket.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
