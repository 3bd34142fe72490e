import Foundation

/// Reads the timestamps tasks append to the starts file (one `date +%s%N` per line), from
/// where it last stopped.
struct StartsFeed {
    let path: String
    private var offset: UInt64 = 0
    private var partial = ""

    init(path: String) { self.path = path }

    /// The first start later than `after`, polling every 5 ms; nil after `timeout` seconds
    /// (with timeout 0: reads what is there once, skipping it).
    /// Reads a small local file: the read returns at once, it never waits on a peer.
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
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        do {
            try handle.seek(toOffset: offset)
            let data = try handle.readToEnd() ?? Data()
            offset += UInt64(data.count)
            let text = partial + String(decoding: data, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            partial = lines.removeLast()
            return lines.compactMap { Double($0).map { Date(timeIntervalSince1970: $0 / 1e9) } }
        } catch {
            return []
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
