import Foundation
import Logging
import UpdraftCore
import UpdraftStore

/// Holds the scheduler lease of a shared store (``SchedulerLeasing``) for one scheduler
/// process: ``acquire(store:candidate:ttl:clock:logger:announce:)`` waits as a standby until
/// the lease is free, then fences the store's commits with it; ``keep()`` renews it every
/// ``LeaseTerm/renewEvery`` and calls `onLost` once when ``LeaseTerm`` says to step down (the
/// lease moved, or the database stayed away while a standby waits). What to do then is the
/// caller's: `updraft scheduler` exits at once (status 3) without committing anything more,
/// so its workers move to the new holder with their tries.
public actor LeaseKeeper {
    let store: any SchedulerLeasing
    let clock: any RuntimeClock
    let logger: Logger
    /// The lease held.
    public let lease: SchedulerLease
    private var term: LeaseTerm
    private var lostSaid = false
    private var released = false

    init(store: any SchedulerLeasing, lease: SchedulerLease, ttl: Duration, acquiredAt: ContinuousClock.Instant,
         clock: any RuntimeClock, logger: Logger) {
        self.store = store
        self.lease = lease
        self.clock = clock
        self.logger = logger
        term = LeaseTerm(ttl: ttl, acquiredAt: acquiredAt)
    }

    /// Waits until `candidate` holds the lease, asking every fifth of `ttl`; `announce` gets
    /// one line when it stands by (and again when the holder changes) and one when it took
    /// the lease. Store errors while standing by are logged once each and retried. Throws
    /// only `CancellationError`.
    public static func acquire(store: any SchedulerLeasing, candidate: SchedulerCandidate, ttl: Duration,
                               clock: any RuntimeClock, logger: Logger,
                               announce: @escaping @Sendable (String) -> Void) async throws -> LeaseKeeper {
        let poll = LeaseTerm(ttl: ttl, acquiredAt: clock.now).renewEvery
        var saidHolder: SchedulerLease?
        var saidError: String?
        var waitedFor: SchedulerLeaseHolder?
        while true {
            try Task.checkCancellation()
            let sent = clock.now
            do {
                if let lease = try await store.acquireSchedulerLease(candidate, ttl: ttl) {
                    store.fenceCommits(with: lease)
                    let from = waitedFor.map { " from \($0.description)" } ?? ""
                    announce("scheduler lease acquired (token \(lease.token))\(from): this scheduler is active")
                    return LeaseKeeper(store: store, lease: lease, ttl: ttl, acquiredAt: sent, clock: clock, logger: logger)
                }
                saidError = nil
                if let holder = try await store.schedulerLeaseHolder(), holder.lease != saidHolder {
                    saidHolder = holder.lease
                    waitedFor = holder
                    announce("standby: the scheduler lease is held by \(holder.description) for "
                        + "\(String(format: "%.1f", max(0, holder.secondsLeft))) s more; this scheduler takes over if it is not renewed")
                }
            } catch let error as CancellationError {
                throw error
            } catch {
                let text = "\(error)"
                if text != saidError {
                    saidError = text
                    logger.error("standby: cannot ask the metadata store for the scheduler lease: \(text); retrying")
                }
            }
            try await clock.sleep(for: poll)
        }
    }

    /// Renews the lease until cancelled, ``release()``d, or lost; `onLost` gets the reason
    /// once (nothing more is committed by then: the store refuses this lease's commits once
    /// another scheduler holds it).
    public func keep(onLost: @escaping @Sendable (String) -> Void) async {
        while !Task.isCancelled && !released {
            guard (try? await clock.sleep(for: term.renewEvery)) != nil, !released else { return }
            let sent = clock.now
            let verdict: LeaseTerm.Verdict
            do {
                let renewal = try await store.renewSchedulerLease(lease, ttl: term.ttl)
                verdict = term.renewed(sentAt: sent, accepted: renewal != nil,
                                       secondsSinceContender: renewal?.secondsSinceContender)
            } catch {
                verdict = term.renewalFailed(at: clock.now)
            }
            if case .stepDown(let reason) = verdict, !released {
                guard !lostSaid else { return }
                lostSaid = true
                logger.critical("scheduler lease (token \(lease.token)) lost: \(reason)")
                onLost(reason)
                return
            }
        }
    }

    /// Ends the term (a clean stop): a standby takes over at its next ask. Errors are logged.
    public func release() async {
        guard !released else { return }
        released = true
        do { try await store.releaseSchedulerLease(lease) } catch {
            logger.warning("cannot release the scheduler lease: \(error) (a standby takes over when it expires)")
        }
    }
}
