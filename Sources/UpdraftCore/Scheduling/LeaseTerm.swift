/// A lease holder's side of the scheduler lease as a value: when the next renewal is due and
/// whether the holder must step down. The ``LeaseKeeper`` actor feeds it its clock's
/// instants and what each renewal returned; nothing here reads a clock or the store.
///
/// Rules (README "Running on several machines"):
/// - renew every ``renewEvery`` (a fifth of the term);
/// - a renewal the store refuses (the token moved: another scheduler took over) → step down
///   at once;
/// - renewals that fail (the database unreachable) → keep the lease while no standby has
///   asked for it in the last ``contenderMemory``: nobody can take over, so running tries
///   carry on through the outage; with a standby waiting, step down once a term minus one
///   renewal period has passed since the last renewal left, before the database's clock
///   can let the standby in, so the two never dispatch at once.
public struct LeaseTerm: Sendable {
    /// Why the holder steps down.
    public enum Verdict: Sendable, Equatable {
        /// Keep the lease.
        case keep
        /// Stop scheduling now: what to log.
        case stepDown(String)
    }

    /// The term the store grants per renewal.
    public let ttl: Duration
    /// How long a standby's request counts as a standby waiting.
    public let contenderMemory: Duration
    /// When the last accepted renewal (or the acquisition) was sent.
    public private(set) var lastRenewalSent: ContinuousClock.Instant
    /// When the standby last asked for the lease, as known from the last renewal.
    public private(set) var contenderSeen: ContinuousClock.Instant?

    /// A term acquired by a request sent at `now`.
    public init(ttl: Duration, acquiredAt now: ContinuousClock.Instant) {
        self.ttl = ttl
        contenderMemory = ttl * 3
        lastRenewalSent = now
    }

    /// How often to renew: a fifth of the term, at least 50 ms.
    public var renewEvery: Duration { max(ttl / 5, .milliseconds(50)) }

    /// A renewal sent at `sent` came back: `secondsSinceContender` when the store still gave
    /// the lease (nil: no standby ever asked), `accepted == false` when the token moved.
    public mutating func renewed(sentAt sent: ContinuousClock.Instant, accepted: Bool,
                                 secondsSinceContender: Double?) -> Verdict {
        guard accepted else { return .stepDown("another scheduler holds the scheduler lease now") }
        lastRenewalSent = sent
        if let seconds = secondsSinceContender, seconds.isFinite, seconds >= 0 {
            contenderSeen = sent - .milliseconds(Int64(seconds * 1000))
        }
        return .keep
    }

    /// A renewal failed at `now` (the store did not answer).
    public mutating func renewalFailed(at now: ContinuousClock.Instant) -> Verdict {
        guard let seen = contenderSeen, lastRenewalSent - seen < contenderMemory else { return .keep }
        let unrenewed = now - lastRenewalSent
        guard unrenewed >= ttl - renewEvery else { return .keep }
        return .stepDown("the metadata store has not renewed the scheduler lease for \(unrenewed.leaseText) and a standby "
            + "scheduler is waiting: it takes over once the lease expires")
    }
}

extension Duration {
    /// `4.2 s`.
    var leaseText: String { "\((seconds * 10).rounded() / 10) s" }
}
