/// Whether the metadata store answers the scheduler's commits, and what the scheduler says
/// about it: one line when a commit has waited ``silenceNotice`` or failed for want of the
/// server (PostgreSQL stopped, network down), one line when a commit lands again; and how
/// long to wait before the next attempt (doubling from ``firstRetry`` to ``maxRetry``).
/// While it lasts the scheduler dispatches nothing (a step's tries leave only after its
/// commit) and retries the same batch (upserts: a commit that landed unseen is harmless).
///
/// ```swift
/// var outage = StoreOutage()
/// let (line, delay) = outage.failed("connection refused", at: now)   // line: said once
/// if let line = outage.answered(at: later) { log(line) }            // "... again after 30.2 s"
/// ```
public struct StoreOutage: Sendable {
    /// How long a commit may take before the scheduler says the store is not answering.
    public static let silenceNotice: Duration = .seconds(2)
    /// The first wait after a failed commit.
    public static let firstRetry: Duration = .milliseconds(250)
    /// The longest wait between attempts.
    public static let maxRetry: Duration = .seconds(5)

    /// When the store stopped answering; nil while it answers.
    public private(set) var since: ContinuousClock.Instant?
    /// Failed attempts in this outage.
    public private(set) var failures = 0

    /// A store that answers.
    public init() {}

    /// True between the first sign of an outage and the next commit that lands.
    public var isOngoing: Bool { since != nil }

    /// A commit started at `start` has not returned after ``silenceNotice``: the line to
    /// log, only for the first sign of this outage.
    public mutating func silent(since start: ContinuousClock.Instant, store: String) -> String? {
        guard since == nil else { return nil }
        since = start
        return "metadata store \(store) has not answered for \(Self.seconds(Self.silenceNotice)) s: "
            + "dispatching paused until it does (finished tries keep their results)"
    }

    /// A commit failed at `now` with `error` (the store unreachable): the line to log (the
    /// first failure of the outage only) and how long to wait before trying again.
    public mutating func failed(_ error: String, at now: ContinuousClock.Instant, store: String)
        -> (line: String?, retryAfter: Duration) {
        failures += 1
        var line: String?
        if since == nil {
            since = now
            line = "metadata store \(store) unreachable: \(error); dispatching paused, retrying with backoff"
        } else if failures == 1 {
            line = "metadata store \(store) still unreachable: \(error); retrying with backoff"
        }
        var delay = Self.firstRetry
        for _ in 1..<min(failures, 16) where delay < Self.maxRetry { delay *= 2 }
        return (line, min(delay, Self.maxRetry))
    }

    /// A commit landed at `now`: the line to log when it ends an outage (nil otherwise).
    public mutating func answered(at now: ContinuousClock.Instant) -> String? {
        guard let start = since else { return nil }
        since = nil
        failures = 0
        return "metadata store answering again after \(Self.seconds(now - start)) s: dispatching resumes"
    }

    /// `duration` in seconds with one decimal.
    static func seconds(_ duration: Duration) -> String {
        let tenths = (duration.components.seconds * 10) + duration.components.attoseconds / 100_000_000_000_000_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
