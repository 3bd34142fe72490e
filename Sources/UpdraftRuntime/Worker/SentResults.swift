import DequeModule
import UpdraftProtocol

/// The `task_finished` messages a worker sent lately, kept so it can send them again after
/// it re-registers. The executor does not acknowledge results: a scheduler killed just
/// after one left may never have stored it, and a restarted executor drops what reaches it
/// before the worker's hello (`not_registered`). Without this, such a try would be
/// dispatched again and run twice. A pure value: the worker records, prunes and re-sends.
///
/// An entry is kept for ``retention`` after it was last sent while the executor answered;
/// the worker prunes only while it hears from the executor, so results survive an outage of
/// any length. At most ``limit`` entries (the oldest go first).
struct SentResults: Sendable {
    /// How long a result is kept after it was (last) sent: far longer than a scheduler
    /// takes to store a result it received.
    static let retention: Duration = .seconds(30)

    private struct Entry: Sendable {
        var finished: WireTaskFinished
        var sentAt: ContinuousClock.Instant
        /// Which recording of its try this is: an entry is live while ``SentResults/latest``
        /// maps its key to this number (a newer result of the same try makes it a tombstone).
        var sequence: UInt64
    }

    /// The most entries kept.
    let limit: Int
    /// In the order they were sent (so also by `sentAt`), tombstones included.
    private var entries = Deque<Entry>()
    /// Each kept try's live entry, by its sequence number: recording is O(1) (a worker
    /// sends thousands of results a second; scanning the record for the same try on each
    /// was quadratic and held a 10,000-task fan-out to a fifth of its rate).
    private var latest: [WireTaskInstanceKey: UInt64] = [:]
    private var nextSequence: UInt64 = 0

    /// An empty record keeping at most `limit` results.
    init(limit: Int = 4096) { self.limit = max(1, limit) }

    /// How many results are kept.
    var count: Int { latest.count }

    /// The kept results' keys, oldest first.
    var keys: [WireTaskInstanceKey] { entries.filter(isLive).map(\.finished.key) }

    /// Records that `finished` was sent at `now` (it replaces an older result of the same try).
    mutating func record(_ finished: WireTaskFinished, at now: ContinuousClock.Instant) {
        nextSequence += 1
        latest[finished.key] = nextSequence
        entries.append(Entry(finished: finished, sentAt: now, sequence: nextSequence))
        while latest.count > limit, let oldest = entries.popFirst() { forget(oldest) }
        dropLeadingTombstones()
        // Tombstones behind live entries: compact once they outnumber the live ones.
        if entries.count > 2 * max(latest.count, limit / 2) { entries = Deque(entries.filter(isLive)) }
    }

    /// Drops the results sent more than ``retention`` before `now`.
    mutating func prune(now: ContinuousClock.Instant) {
        while let first = entries.first, now - first.sentAt > Self.retention {
            forget(entries.removeFirst())
        }
        dropLeadingTombstones()
    }

    /// Every kept result, oldest first, to send again now (each one's clock restarts at `now`).
    mutating func resend(at now: ContinuousClock.Instant) -> [WireTaskFinished] {
        entries = Deque(entries.filter(isLive).map { Entry(finished: $0.finished, sentAt: now, sequence: $0.sequence) })
        return entries.map(\.finished)
    }

    private func isLive(_ entry: Entry) -> Bool {
        latest[entry.finished.key] == entry.sequence
    }

    /// Removes `entry`'s try from the index when `entry` is its live result.
    private mutating func forget(_ entry: Entry) {
        if isLive(entry) { latest[entry.finished.key] = nil }
    }

    private mutating func dropLeadingTombstones() {
        while let first = entries.first, !isLive(first) { entries.removeFirst() }
    }
}
