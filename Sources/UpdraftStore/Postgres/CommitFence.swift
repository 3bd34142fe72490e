import Synchronization

/// The lease a ``PostgresStore``'s group commits check (``SchedulerLeasing/fenceCommits(with:)``),
/// shared by the store value and its committer. A class so that copies of the store share
/// it; its one mutable field is behind a `Mutex`, so it is `Sendable` as checked.
final class CommitFence: Sendable {
    private let lease = Mutex<SchedulerLease?>(nil)

    /// The lease commits must still hold; nil: no check.
    var current: SchedulerLease? { lease.withLock { $0 } }

    func set(_ value: SchedulerLease?) { lease.withLock { $0 = value } }

    /// The SQLSTATE `updraft_fence()` raises when the lease moved (``PostgresSchema`` step 3).
    static let sqlState = "UD001"
}
