import Foundation

/// Reads the timestamps tasks append to the starts file (one `date +%s%N` per line), from
/// where it last stopped.
struct StartsFeed {
    private var text: AppendedText
    private var partial = ""

    init(path: String) { text = AppendedText(path: path) }

    /// The first start later than `after`, polling every 5 ms; nil after `timeout` seconds
    /// (with timeout 0: reads what is there once, skipping it).
    mutating func waitForStart(after: Date, timeout: TimeInterval) async -> Date? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            for start in readNew() where start > after { return start }
            if Date() >= deadline { break }
            try? await Task.sleep(for: .milliseconds(5))
        } while true
        return nil
    }

    private mutating func readNew() -> [Date] {
        var lines = (partial + text.readNew()).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        partial = lines.removeLast()
        return lines.compactMap { Double($0).map { Date(timeIntervalSince1970: $0 / 1e9) } }
    }
}

/// What was appended to a file since the last call (the bench's evidence files). A small
/// local file: the read returns at once, it never waits on a peer.
struct AppendedText {
    let path: String
    private var offset: UInt64 = 0

    init(path: String) { self.path = path }

    mutating func readNew() -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.readToEnd() ?? Data()
            offset += UInt64(data.count)
            return String(decoding: data, as: UTF8.self)
        } catch {
            return ""
        }
    }
}

/// SplitMix64: reproducible kill times from the printed seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
