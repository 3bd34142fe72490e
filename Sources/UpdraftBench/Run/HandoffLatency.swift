import Foundation
import Histogram

/// Hand-off latency: for every edge, the downstream try's start date minus the upstream
/// try's end date (what the scheduler, store, executor and worker add between two tasks).
public struct HandoffLatency: Sendable, Equatable {
    /// Every measured hand-off, in milliseconds (negative clock differences count as 0).
    public var samplesMs: [Double]
    /// Edges whose end or start date is missing (the task did not run).
    public var missing: Int

    /// Measures `edges` from the start and end dates of each task id.
    public init(edges: [(upstream: String, downstream: String)], startDates: [String: Date], endDates: [String: Date]) {
        var samples: [Double] = []
        samples.reserveCapacity(edges.count)
        var missing = 0
        for edge in edges {
            guard let end = endDates[edge.upstream], let start = startDates[edge.downstream] else {
                missing += 1
                continue
            }
            samples.append(max(0, start.timeIntervalSince(end) * 1000))
        }
        self.samplesMs = samples
        self.missing = missing
    }

    /// The `percentile` (0-100) in milliseconds, from an HdrHistogram with microsecond
    /// resolution and 3 significant digits; 0 when there are no samples.
    public func percentileMs(_ percentile: Double) -> Double {
        guard !samplesMs.isEmpty else { return 0 }
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        for sample in samplesMs {
            _ = histogram.record(UInt64(min(3_600_000_000, (sample * 1000).rounded())))
        }
        return Double(histogram.valueAtPercentile(percentile)) / 1000
    }
}
