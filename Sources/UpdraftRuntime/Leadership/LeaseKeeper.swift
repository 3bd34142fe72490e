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
    /// When the renewal in flight was sent (nil: none).
    private var renewalSentAt: ContinuousClock.Instant?
    private var onLost: (@Sendable (String) -> Void)?

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
    ///
    /// A renewal runs in its own task and reports back (``renewalReturned(_:sentAt:)``): while
    /// the server is down postgres-nio's pool waits for a connection instead of failing, so a
    /// renewal still out after one renewal period counts as failed, at every period, until it
    /// returns. No second renewal starts meanwhile.
    public func keep(onLost: @escaping @Sendable (String) -> Void) async {
        self.onLost = onLost
        while !Task.isCancelled && !released && !lostSaid {
            guard (try? await clock.sleep(for: term.renewEvery)) != nil, !released else { return }
            if let since = renewalSentAt {
                if clock.now - since >= term.renewEvery { judge(term.renewalFailed(at: clock.now)) }
                continue
            }
            let sent = clock.now
            renewalSentAt = sent
            let (store, lease, ttl) = (self.store, self.lease, term.ttl)
            // Unstructured: a renewal may hang while the server is down; its answer comes back
            // through renewalReturned, and the loop judges the silence meanwhile.
            Task {
                let result: Result<SchedulerRenewal?, any Error>
                do { result = .success(try await store.renewSchedulerLease(lease, ttl: ttl)) } catch { result = .failure(error) }
                await self.renewalReturned(result, sentAt: sent)
            }
        }
    }

    /// A renewal sent at `sent` came back.
    func renewalReturned(_ result: Result<SchedulerRenewal?, any Error>, sentAt sent: ContinuousClock.Instant) {
        renewalSentAt = nil
        switch result {
        case .success(let renewal):
            judge(term.renewed(sentAt: sent, accepted: renewal != nil, secondsSinceContender: renewal?.secondsSinceContender))
        case .failure:
            judge(term.renewalFailed(at: clock.now))
        }
    }

    /// Steps down once when `verdict` says so.
    private func judge(_ verdict: LeaseTerm.Verdict) {
        guard case .stepDown(let reason) = verdict, !released, !lostSaid else { return }
        lostSaid = true
        logger.critical("scheduler lease (token \(lease.token)) lost: \(reason)")
        onLost?(reason)
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
