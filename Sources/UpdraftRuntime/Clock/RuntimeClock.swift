import Foundation
/// Where the runtime's actors read the time and wait: the system's monotonic clock in
/// production (``SystemClock``), a ``ManualClock`` in tests, so that heartbeats, timeouts
/// and holds are driven step by step instead of by sleeping (swift-clocks' style).
public protocol RuntimeClock: Sendable {
    /// The current instant.
    var now: ContinuousClock.Instant { get }
    /// The current wall-clock time (what cron schedules, retry delays and dates in rows
    /// are computed in); moves with ``now``.
    var date: Date { get }
    /// Returns once `duration` has passed on this clock; throws `CancellationError` when
    /// the task is cancelled first.
    func sleep(for duration: Duration) async throws
}

/// The system's monotonic clock (`ContinuousClock`).
public struct SystemClock: RuntimeClock {
    /// The clock.
    public init() {}

    public var now: ContinuousClock.Instant { ContinuousClock.now }

    public var date: Date { Date() }

    public func sleep(for duration: Duration) async throws {
        try await Task.sleep(for: duration)
    }
}
