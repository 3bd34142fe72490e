import Foundation

/// The scheduler's recovery bookkeeping after a start: which task instances found in
/// flight (queued, running...) still wait for a decision, and the ``RecoveryGrace`` they
/// wait in, if one is in progress. A pure value: the scheduler feeds it what it finds and
/// what the workers report, and asks it what to wait for; ``RecoveryDecision`` decides
/// each instance.
///
/// States: `idle` (no grace; nothing found in flight since the last one ended) and
/// `waiting` (a grace runs until every awaited worker reported or its cap).
public struct RecoveryPhase: Sendable {
    /// Whether a grace is in progress.
    public enum State: Sendable, Hashable {
        case idle
        case waiting(RecoveryGrace)
    }

    /// How a grace began, for the scheduler's log line.
    public struct Began: Sendable, Hashable {
        /// The previous stop was clean: queued tries are re-submitted without waiting.
        public var afterCleanStop: Bool
        /// How many workers it waits for.
        public var awaiting: Int
        /// Workers known gone from the start (their process ended).
        public var gone: [String]
        /// The grace's cap in seconds.
        public var cap: TimeInterval
    }

    /// How a grace ended, for the scheduler's log line and the store's worker list.
    public struct Ended: Sendable, Hashable {
        /// Workers that never came back (missing at the cap, or known gone), sorted: the
        /// store forgets them.
        public var gone: [String]
        /// Seconds from the grace's start to its end.
        public var waited: TimeInterval
    }

    public private(set) var state: State = .idle
    /// Instances found in flight that wait for a decision.
    public private(set) var recovering: Set<TaskInstanceID> = []
    /// Instances were added since the last review: the step ends with one.
    public private(set) var reviewDue = false
    /// The workers the store listed as connected at start, and those of them known gone.
    public private(set) var storedWorkers: Set<String> = []
    public private(set) var deadWorkers: Set<String> = []
    /// True until the first pass over the store's active runs when the previous stop was
    /// clean: queued instances found then skip the grace (they were never dispatched).
    public private(set) var queuedSkipGrace: Bool
    /// The grace's cap, seconds.
    public let cap: TimeInterval

    /// A phase with grace cap `cap` seconds, after a clean stop or not.
    public init(cap: TimeInterval, previousStopWasClean: Bool) {
        self.cap = cap
        queuedSkipGrace = previousStopWasClean
    }

    /// The grace in progress, if any.
    public var grace: RecoveryGrace? {
        if case .waiting(let grace) = state { return grace }
        return nil
    }

    /// When the grace in progress ends at the latest (the scheduler's timer wakes then).
    public var deadline: Date? { grace?.deadline }

    /// The store's connected workers at start, and those whose process is gone.
    public mutating func setStoredWorkers(_ stored: Set<String>, dead: Set<String>) {
        storedWorkers = stored
        deadWorkers = dead
    }

    /// The first pass over the store's active runs is done: later finds wait as usual.
    public mutating func firstPassDone() { queuedSkipGrace = false }

    /// `id`, found `state` (in flight) and naming `workerId`, waits for a decision. The first
    /// one starts a grace (returned, to be logged), awaiting the stored workers (none after
    /// a clean stop); a running row's worker is awaited too.
    public mutating func found(_ id: TaskInstanceID, state found: TaskInstanceState, workerId: String?, now: Date) -> Began? {
        recovering.insert(id)
        reviewDue = true
        var began: Began?
        var grace: RecoveryGrace
        switch state {
        case .waiting(let current): grace = current
        case .idle:
            let awaited = queuedSkipGrace ? [] : storedWorkers
            let gone = queuedSkipGrace ? [] : deadWorkers
            grace = RecoveryGrace(awaiting: awaited, knownGone: gone, start: now, cap: cap)
            began = Began(afterCleanStop: queuedSkipGrace, awaiting: grace.missing.count, gone: gone.sorted(), cap: cap)
        }
        if found != .queued, let workerId { grace.expect(workerId: workerId) }
        state = .waiting(grace)
        return began
    }

    /// A worker re-registered and reported the tries it runs.
    public mutating func reported(workerId: String) {
        guard case .waiting(var grace) = state else { return }
        grace.reported(workerId: workerId)
        state = .waiting(grace)
    }

    /// `id` was decided (adopted, re-submitted, failed) or its try reported on its own.
    public mutating func resolved(_ id: TaskInstanceID) { recovering.remove(id) }

    /// Whether `id` waits for a decision.
    public func isRecovering(_ id: TaskInstanceID) -> Bool { recovering.contains(id) }

    /// Takes the review flag (true once per batch of finds).
    public mutating func takeReviewDue() -> Bool {
        defer { reviewDue = false }
        return reviewDue
    }

    /// Ends the grace when nothing waits any more or its cap has passed; what ended is
    /// returned (nil: still waiting, or no grace). Workers still missing are named gone
    /// only at the cap: a grace that ends early (every instance decided, e.g. adopted from
    /// the executor's view of a worker whose report event is still on its way) must not
    /// make the store forget a worker that is connected, or the next recovery would not
    /// wait for it.
    public mutating func endIfOver(at now: Date) -> Ended? {
        guard let grace, recovering.isEmpty || grace.isOver(at: now) else { return nil }
        state = .idle
        let missingAtCap = now >= grace.deadline ? grace.missing : []
        return Ended(gone: missingAtCap.union(grace.knownGone).sorted(),
                     waited: now.timeIntervalSince(grace.deadline) + cap)
    }
}
