import Histogram

/// Collects the gauges of a stats reply from the runtime's parts: executor counters and
/// queues (per queue and per pool), workers (registered, busy slots), autoscaler counters,
/// and latency percentiles from HDR histograms.
///
/// Names: `executor.*` (``ExecutorStats/gauges``), `executor.queued.QUEUE`,
/// `executor.pool_queued.POOL`, `workers.registered`, `workers.busy_slots`,
/// `workers.capacity`, `workers.draining`, `autoscaler.*` (``AutoscalerStats/gauges``),
/// `latency.queued_to_started.*` and `latency.handoff.*` (`count`, `p50_ms`, `p90_ms`,
/// `p99_ms`, `max_ms`), and whatever `extra`
/// adds (the scheduler's own figures).
public struct RuntimeGauges: Sendable {
    /// The executor.
    public var executor: WorkerExecutor
    /// The autoscaler, when workers are spawned on demand.
    public var autoscaler: Autoscaler?
    /// More gauges (e.g. the scheduler's hand-off latency), merged last.
    public var extra: (@Sendable () async -> [String: Double])?

    /// Gauges of `executor` and `autoscaler`.
    public init(executor: WorkerExecutor, autoscaler: Autoscaler? = nil, extra: (@Sendable () async -> [String: Double])? = nil) {
        self.executor = executor
        self.autoscaler = autoscaler
        self.extra = extra
    }

    /// Every gauge now.
    public func collect() async -> [String: Double] {
        var gauges = await executor.gauges()
        for (pool, count) in await executor.queuedByPool() { gauges["executor.pool_queued.\(pool)"] = Double(count) }
        let workers = await executor.workers()
        gauges["workers.registered"] = Double(workers.count)
        gauges["workers.busy_slots"] = Double(workers.reduce(0) { $0 + $1.busySlots })
        gauges["workers.capacity"] = Double(workers.reduce(0) { $0 + $1.capacity })
        gauges["workers.draining"] = Double(workers.filter(\.draining).count)
        if let autoscaler {
            gauges.merge(await autoscaler.stats().gauges) { $1 }
        }
        let latencies = await executor.latencies()
        Self.addPercentiles(of: latencies.queuedToStarted, as: "latency.queued_to_started", to: &gauges)
        Self.addPercentiles(of: latencies.handoff, as: "latency.handoff", to: &gauges)
        if let extra { gauges.merge(await extra()) { $1 } }
        return gauges
    }

    /// Adds `NAME.count` and `NAME.{p50,p90,p99,max}_ms` for a histogram of microseconds
    /// (percentiles only when it holds values).
    public static func addPercentiles(of histogram: Histogram<UInt64>, as name: String, to gauges: inout [String: Double]) {
        gauges["\(name).count"] = Double(histogram.totalCount)
        guard histogram.totalCount > 0 else { return }
        for (label, percentile) in [("p50", 50.0), ("p90", 90.0), ("p99", 99.0)] {
            gauges["\(name).\(label)_ms"] = Double(histogram.valueAtPercentile(percentile)) / 1000
        }
        gauges["\(name).max_ms"] = Double(histogram.max) / 1000
    }
}
