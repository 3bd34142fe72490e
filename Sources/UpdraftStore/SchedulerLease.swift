import Foundation

/// The right to schedule on a shared metadata store: at most one scheduler holds it at a
/// time, for a term the store renews on request (``SchedulerLeasing``). Several
/// `updraft scheduler` processes may run on one PostgreSQL store; the one holding the lease
/// creates runs and dispatches, the others stand by and take it over when its term runs out
/// (the holder died or lost the database).
///
/// `token` is the fencing token: it grows by one each time the lease changes hands, and a
/// holder's commits carry it (``SchedulerLeasing/fenceCommits(with:)``), so the store refuses
/// every write of a holder that was replaced, even one already on its way.
public struct SchedulerLease: Sendable, Hashable {
    /// Who holds it: unique per scheduler process start (``SchedulerCandidate/holder``).
    public var holder: String
    /// The fencing token of this term.
    public var token: Int64

    /// A lease.
    public init(holder: String, token: Int64) {
        self.holder = holder
        self.token = token
    }
}

/// A scheduler asking for the lease: who it is and where its workers reach it.
public struct SchedulerCandidate: Sendable, Hashable {
    /// Unique per process start (e.g. `host:pid:random`).
    public var holder: String
    /// The host it runs on.
    public var hostname: String
    /// Its process id.
    public var pid: Int32
    /// Where its workers connect (its executor's tcp endpoint), shown to the others.
    public var executorEndpoint: String

    /// A candidate.
    public init(holder: String, hostname: String, pid: Int32, executorEndpoint: String) {
        self.holder = holder
        self.hostname = hostname
        self.pid = pid
        self.executorEndpoint = executorEndpoint
    }
}

/// Who holds the lease now, as the store sees it (``SchedulerLeasing/schedulerLeaseHolder()``).
/// Times are the database server's, so schedulers on machines whose clocks differ agree.
public struct SchedulerLeaseHolder: Sendable, Hashable {
    /// The holder and its term's token.
    public var lease: SchedulerLease
    /// Its host, pid and executor endpoint.
    public var hostname: String
    public var pid: Int32
    public var executorEndpoint: String
    /// Seconds the term has left by the database's clock (negative: expired, free to take).
    public var secondsLeft: Double
    /// Seconds since a standby last asked for the lease (nil: none ever did).
    public var secondsSinceContender: Double?

    /// A holder.
    public init(lease: SchedulerLease, hostname: String, pid: Int32, executorEndpoint: String,
                secondsLeft: Double, secondsSinceContender: Double?) {
        self.lease = lease
        self.hostname = hostname
        self.pid = pid
        self.executorEndpoint = executorEndpoint
        self.secondsLeft = secondsLeft
        self.secondsSinceContender = secondsSinceContender
    }

    /// `host pid N (holder H, token T)`.
    public var description: String {
        "\(hostname) pid \(pid) (holder \(lease.holder), token \(lease.token), executor \(executorEndpoint.isEmpty ? "-" : executorEndpoint))"
    }
}

/// A store several schedulers can share: the scheduler lease (``SchedulerLease``). The
/// PostgreSQL store is one; a SQLite home has one scheduler at most (``HomeLock``), so its
/// store is not.
///
/// Every time here is the database's (`clock_timestamp()`), never a caller's.
public protocol SchedulerLeasing: MetaStore {
    /// Takes the lease for `ttl` when nobody holds it or its term ran out (the token then
    /// grows by one); nil when another scheduler holds it (its last contender time is then
    /// set to now, so the holder knows a standby waits).
    func acquireSchedulerLease(_ candidate: SchedulerCandidate, ttl: Duration) async throws -> SchedulerLease?
    /// Extends the term of `lease` to `ttl` from now; nil when `lease` is no longer held
    /// (another scheduler took it over), else seconds since a standby last asked for it.
    func renewSchedulerLease(_ lease: SchedulerLease, ttl: Duration) async throws -> SchedulerRenewal?
    /// Ends the term of `lease` now (a clean stop), so a standby takes over at once.
    func releaseSchedulerLease(_ lease: SchedulerLease) async throws
    /// The current holder, if any scheduler ever held the lease.
    func schedulerLeaseHolder() async throws -> SchedulerLeaseHolder?
    /// From now on every ``MetaStore/commit(_:)`` of this store value (the scheduler's group
    /// commit) checks, in its transaction, that `lease` is still held, and fails with
    /// ``StoreError/Code/leaseLost`` writing nothing when it is not. nil: no check.
    func fenceCommits(with lease: SchedulerLease?)
}

/// What a renewal learned.
public struct SchedulerRenewal: Sendable, Hashable {
    /// Seconds since a standby last asked for the lease; nil when none ever did.
    public var secondsSinceContender: Double?

    /// A renewal.
    public init(secondsSinceContender: Double?) { self.secondsSinceContender = secondsSinceContender }
}
