import Foundation

/// The seeded chaos of one test: draws delays and victims from a SplitMix64 generator seeded
/// with `UPDRAFT_CHAOS_SEED` (else a random seed), sends the signals and keeps a timed log of
/// what it did, which every failure message carries with the seed (to replay a run).
/// Used by one test task only (not Sendable).
final class ChaosMonkey {
    /// A small, fast, seedable generator (Steele, Lea, Flood: SplitMix64).
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// The seed of this test's randomness.
    let seed: UInt64
    /// The generator (the DAG's sleeps are drawn from it too).
    var rng: SplitMix64
    private let began = ContinuousClock.now
    private(set) var log: [String] = []
    /// Pid → Unix time of each SIGKILL sent.
    private(set) var killed: [Int: Double] = [:]

    /// `UPDRAFT_CHAOS_SEED` when set (decimal), else a random seed; `salt` makes each test's
    /// sequence its own while one seed replays all of them.
    init(salt: UInt64, seed: UInt64 = ChaosMonkey.seedFromEnvironment()) {
        self.seed = seed
        rng = SplitMix64(state: seed ^ salt)
    }

    static func seedFromEnvironment() -> UInt64 {
        ProcessInfo.processInfo.environment["UPDRAFT_CHAOS_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64.max)
    }

    /// Seconds since the monkey was made.
    var elapsed: Double {
        let d = ContinuousClock.now - began
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    /// A duration drawn uniformly from `range` (seconds).
    func seconds(_ range: ClosedRange<Double>) -> Duration {
        .milliseconds(Int(Double.random(in: range, using: &rng) * 1000))
    }

    /// A random element.
    func pick<T>(_ items: [T]) -> T? { items.randomElement(using: &rng) }

    /// Adds a line to the log, stamped with the elapsed time and the wall clock (the
    /// evidence files use Unix time).
    func note(_ text: String) {
        let line = String(format: "t+%6.2fs (unix %.3f) ", elapsed, Date().timeIntervalSince1970) + text
        log.append(line)
    }

    /// Sends `signal` to `pid` and logs it as `what`.
    func signal(_ signal: Int32, _ pid: Int32, _ what: String) {
        let name = [SIGKILL: "SIGKILL", SIGSTOP: "SIGSTOP", SIGCONT: "SIGCONT"][signal] ?? "signal \(signal)"
        let result = kill(pid, signal)
        if signal == SIGKILL, result == 0 { killed[Int(pid)] = Date().timeIntervalSince1970 }
        note("\(name) \(what) (pid \(pid))\(result == 0 ? "" : " failed: errno \(errno)")")
    }

    /// How to replay, then the log.
    var report: String {
        "chaos seed \(seed) (replay with UPDRAFT_CHAOS_SEED=\(seed))\n" + log.joined(separator: "\n")
    }
}
