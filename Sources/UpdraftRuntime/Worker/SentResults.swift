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
    }

    /// The most entries kept.
    let limit: Int
    /// In the order they were sent (so also by `sentAt`).
    private var entries: [Entry] = []

    /// An empty record keeping at most `limit` results.
    init(limit: Int = 4096) { self.limit = max(1, limit) }

    /// How many results are kept.
    var count: Int { entries.count }

    /// The kept results' keys, oldest first.
    var keys: [WireTaskInstanceKey] { entries.map(\.finished.key) }

    /// Records that `finished` was sent at `now` (it replaces an older result of the same try).
    mutating func record(_ finished: WireTaskFinished, at now: ContinuousClock.Instant) {
        entries.removeAll { $0.finished.key == finished.key }
        entries.append(Entry(finished: finished, sentAt: now))
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
    }

    /// Drops the results sent more than ``retention`` before `now`.
    mutating func prune(now: ContinuousClock.Instant) {
        guard let cut = entries.firstIndex(where: { now - $0.sentAt <= Self.retention }) else {
            entries.removeAll()
            return
        }
        entries.removeFirst(cut)
    }

    /// Every kept result, oldest first, to send again now (each one's clock restarts at `now`).
    mutating func resend(at now: ContinuousClock.Instant) -> [WireTaskFinished] {
        for i in entries.indices { entries[i].sentAt = now }
        return entries.map(\.finished)
    }
}
