import Foundation

/// Reads a task log file, off the cooperative pool, and only inside the logs folder: what
/// the log route (from a byte offset) and the UI's log tail (a window before an offset) read.
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

    /// A window of a file: its bytes from `start`, and the file's size.
    enum Window: Sendable, Equatable {
        case bytes([UInt8], start: Int, size: Int)
        case missing
        case outside
    }

    /// Up to ``maxChunk`` bytes of `file` after `offset`, when `file` lies inside `folder`.
    static func read(_ file: URL, from offset: Int, inside folder: URL) async throws -> Chunk {
        let window = try await read(file, inside: folder) { size in
            offset < size ? offset..<min(size, offset + maxChunk) : offset..<offset
        }
        switch window {
        case .bytes(let bytes, _, _): return .bytes(bytes)
        case .missing: return .missing
        case .outside: return .outside
        }
    }

    /// The bytes `range(size)` selects of `file` (clamped to the file), when `file` lies
    /// inside `folder`.
    static func read(_ file: URL, inside folder: URL, range: @escaping @Sendable (Int) -> Range<Int>) async throws -> Window {
        try await OffPool.run {
            let root = folder.resolvingSymlinksInPath().standardizedFileURL.path
            let resolved = file.resolvingSymlinksInPath().standardizedFileURL.path
            guard resolved.hasPrefix(root.hasSuffix("/") ? root : root + "/") else { return .outside }
            guard let handle = FileHandle(forReadingAtPath: resolved) else { return .missing }
            defer { try? handle.close() }
            let size = Int(try handle.seekToEnd())
            let wanted = range(size).clamped(to: 0..<size)
            guard !wanted.isEmpty else { return .bytes([], start: wanted.lowerBound, size: size) }
            try handle.seek(toOffset: UInt64(wanted.lowerBound))
            let data = try handle.read(upToCount: wanted.count) ?? Data()
            return .bytes([UInt8](data), start: wanted.lowerBound, size: size)
        }
    }
}
