import Histogram

/// Latency histograms a ``WorkerExecutor`` records (microseconds, HDR histograms with 3
/// significant digits, up to one hour).
public struct ExecutorLatencies: Sendable {
    /// From a try's submission to the executor (the scheduler marks it queued then) to its
    /// worker's `task_started` arriving.
    public var queuedToStarted = Self.histogram()
    /// Hand-off, as the executor sees it: from the latest `task_finished` of the same DAG run
    /// received before a try was submitted, to that try's `task_started`. For a chain that is
    /// a task's end to its downstream's start; in a fan-out it includes waiting for a slot
    /// (as `updraft bench run` counts it). Tries submitted before any end in their run
    /// (roots) are not counted.
    public var handoff = Self.histogram()
    /// When the latest `task_finished` of each run (`dag_id`, `run_id`) arrived.
    var lastFinished: [RunKey: ContinuousClock.Instant] = [:]

    /// A DAG run, for ``lastFinished``.
    struct RunKey: Hashable, Sendable {
        var dagID: String
        var runID: String
    }

    /// Empty histograms.
    public init() {}

    /// An empty histogram of microseconds up to one hour.
    public static func histogram() -> Histogram<UInt64> {
        Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    }

    /// Forgets runs whose last end is older than `age`, when more than `limit` are kept.
    mutating func prune(olderThan age: Duration, limit: Int = 10_000, now: ContinuousClock.Instant) {
        guard lastFinished.count > limit else { return }
        lastFinished = lastFinished.filter { now - $0.value < age }
    }

    /// Records `duration` (clamped to the range) into `histogram`.
    static func record(_ duration: Duration, into histogram: inout Histogram<UInt64>) {
        let micros = max(0, duration / .microseconds(1))
        _ = histogram.record(UInt64(min(micros, 3_600_000_000)))
    }
}
