import Foundation
import Synchronization

/// A clock that stands still until ``advance(by:)`` moves it: tests drive time-based
/// decisions (heartbeat timeouts, holds, timers) deterministically, in milliseconds of
/// real time. Sleepers whose deadline is reached by an advance are resumed in deadline
/// order; a cancelled sleeper throws `CancellationError`.
public final class ManualClock: RuntimeClock {
    private struct Sleeper {
        var deadline: ContinuousClock.Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        let start: ContinuousClock.Instant
        let startDate: Date
        var now: ContinuousClock.Instant
        var sleepers: [Int: Sleeper] = [:]
        var nextId = 0
    }

    private let state: Mutex<State>

    /// A clock at `start` (the system clock's current instant by default), whose wall
    /// clock reads `date` then (now by default: a test of cron ticks passes a fixed date).
    public init(start: ContinuousClock.Instant = .now, date: Date = Date()) {
        state = Mutex(State(start: start, startDate: date, now: start))
    }

    public var now: ContinuousClock.Instant { state.withLock { $0.now } }

    public var date: Date {
        state.withLock { s in s.startDate.addingTimeInterval((s.now - s.start).seconds) }
    }

    /// How many tasks are sleeping on this clock (a test can wait for a timer to be armed).
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    public func sleep(for duration: Duration) async throws {
        let id = state.withLock { s -> Int in
            s.nextId += 1
            return s.nextId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { s in
                    if Task.isCancelled || duration <= .zero { return true }
                    s.sleepers[id] = Sleeper(deadline: s.now + duration, continuation: continuation)
                    return false
                }
                if resumeNow {
                    if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { continuation.resume() }
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock forward by `duration` and wakes every sleeper whose deadline it reaches.
    public func advance(by duration: Duration) {
        let due = state.withLock { s -> [Sleeper] in
            s.now = s.now + max(duration, .zero)
            let now = s.now
            let ready = s.sleepers.filter { $0.value.deadline <= now }
            for id in ready.keys { s.sleepers[id] = nil }
            return ready.values.sorted { $0.deadline < $1.deadline }
        }
        for sleeper in due { sleeper.continuation.resume() }
    }
}
