import Foundation

/// Reads a task log file from a byte offset, off the cooperative pool, and only inside the
/// logs folder.
enum LogReader {
    /// The most one response carries; a client reads on from `next_offset`.
    static let maxChunk = 1 << 20

    /// What was read.
    enum Chunk: Sendable, Equatable {
        /// `bytes` from the offset (empty at the end of the file).
        case bytes([UInt8])
        /// No such file.
        case missing
        /// The path resolves outside `folder` (a symlink, or ids that escaped the checks).
        case outside
    }

    /// Up to ``maxChunk`` bytes of `file` after `offset`, when `file` lies inside `folder`.
    static func read(_ file: URL, from offset: Int, inside folder: URL) async throws -> Chunk {
        try await OffPool.run {
            let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
            let resolved = file.resolvingSymlinksInPath().standardizedFileURL.path
            guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return .outside }
            guard let handle = FileHandle(forReadingAtPath: resolved) else { return .missing }
            defer { try? handle.close() }
            let size = try handle.seekToEnd()
            guard UInt64(offset) < size else { return .bytes([]) }
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: maxChunk) ?? Data()
            return .bytes([UInt8](data))
        }
    }
}
