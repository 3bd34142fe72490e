import Foundation

/// The figures of one `updraft bench recovery` run.
public struct RecoveryBenchReport: Sendable, Codable {
    /// SIGKILL + restart cycles of the scheduler measured.
    public var restarts: Int
    /// From the restarted `updraft scheduler` process's start to the first try started
    /// again on a worker (the task's first line: an upper bound on the dispatch), median.
    public var restart_to_dispatch_p50_ms: Double
    /// Same, 99th percentile (nearest rank: the slowest of fewer than 100 restarts).
    public var restart_to_dispatch_p99_ms: Double
    /// Every measured restart, in order.
    public var restart_to_dispatch_ms: [Double]
    /// DAG runs that ended `success`, and all the runs triggered.
    public var runs_completed: Int
    public var runs_triggered: Int
    /// Whether every run succeeded and every restart dispatched again.
    public var all_succeeded: Bool
    /// The shape: fan-out tasks per run, pool slots, tcp workers × concurrency.
    public var fan_out: Int
    public var pool_slots: Int
    public var workers: Int
    public var worker_concurrency: Int
    /// The seed of the kill times.
    public var seed: UInt64

    /// A text summary.
    public var text: String {
        """
        scheduler SIGKILL + restart × \(restarts) (fan-out \(fan_out) per run, pool \(pool_slots) slots, \(workers) tcp workers × \(worker_concurrency), seed \(seed)):
          restart → first try dispatched again: p50 \(Self.ms(restart_to_dispatch_p50_ms))  p99 \(Self.ms(restart_to_dispatch_p99_ms))
          runs completed: \(runs_completed) of \(runs_triggered)   all succeeded: \(all_succeeded)
        """
    }

    static func ms(_ value: Double) -> String { String(format: "%.1f ms", value) }

    /// The nearest-rank percentile `p` (0...100) of `values`; 0 when empty.
    static func percentile(_ p: Double, of values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }
}
