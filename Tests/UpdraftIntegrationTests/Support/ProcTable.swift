import Foundation

/// Reads Linux's /proc: whether a process runs, its parent, its command line.
enum ProcTable {
    /// Whether `pid` runs (a zombie waiting to be reaped does not).
    static func isRunning(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = self.stat(pid) else { return false }
        return stat.state != "Z" && stat.state != "X"
    }

    /// State letter and parent pid from /proc/PID/stat.
    static func stat(_ pid: Int32) -> (state: Character, parent: Int32)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 1, let state = fields[0].first, let parent = Int32(fields[1]) else { return nil }
        return (state, parent)
    }

    /// The arguments of `pid` (argv), empty when it is gone.
    static func arguments(_ pid: Int32) -> [String] {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return [] }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Running children of `parent` whose arguments contain `argument`.
    static func children(of parent: Int32, withArgument argument: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let s = stat(pid), s.parent == parent, s.state != "Z" else { return false }
            return arguments(pid).contains(argument)
        }.sorted()
    }
}
