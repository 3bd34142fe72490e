import Synchronization

/// Delivery counts of a ``NotifierDispatcher``, readable from any thread (stats, tests).
public final class NotificationCounters: Sendable {
    /// One snapshot of the counts.
    public struct Snapshot: Sendable, Hashable {
        /// Notifications delivered (an HTTP 2xx, an SMTP 250, a bash exit 0).
        public var sent = 0
        /// Notifications given up on (every attempt failed, a render error, dropped from a full queue).
        public var failed = 0
        /// Attempts that failed and were tried again.
        public var retried = 0
        /// Enqueued and not finished yet.
        public var pending = 0
    }

    private let state = Mutex(Snapshot())

    init() {}

    /// The counts now.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func enqueued(_ n: Int) { state.withLock { $0.pending += n } }
    func sent() { state.withLock { $0.sent += 1; $0.pending -= 1 } }
    func failed() { state.withLock { $0.failed += 1; $0.pending -= 1 } }
    func retried() { state.withLock { $0.retried += 1 } }
}
