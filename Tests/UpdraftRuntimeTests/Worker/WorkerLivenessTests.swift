import Testing
@testable import UpdraftRuntime

/// ``WorkerLiveness`` driven with plain instants: no socket, no clock, no sleep.
@Suite("WorkerLiveness: welcome, heartbeats, a silent executor, an unanswered hello")
struct WorkerLivenessTests {
    static let t0 = ContinuousClock.now
    static func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    /// Interval 1 s, timeout 5 s, hello sent at 0.
    static func fresh() -> WorkerLiveness {
        WorkerLiveness(interval: .seconds(1), timeout: .seconds(5), now: at(0))
    }

    @Test("an unanswered hello: nothing until the timeout, then one reconnect, counted from then")
    func unansweredHello() {
        var liveness = Self.fresh()
        #expect(!liveness.isRegistered)
        #expect(liveness.tick(now: Self.at(4_999)) == .none)
        #expect(liveness.tick(now: Self.at(5_000)) == .reconnectUnwelcomed)
        #expect(liveness.tick(now: Self.at(9_999)) == .none, "the next timeout counts from the reconnect")
        #expect(liveness.tick(now: Self.at(10_000)) == .reconnectUnwelcomed)
    }

    @Test("welcomed: the executor's settings apply (0 keeps ours); heartbeats every ¾ interval while it answers")
    func heartbeatsWhileHeard() {
        var liveness = Self.fresh()
        liveness.heard(at: Self.at(10))
        liveness.welcomed(intervalMs: 2_000, timeoutMs: 0)
        #expect(liveness.isRegistered)
        #expect(liveness.interval == .seconds(2) && liveness.timeout == .seconds(5))
        #expect(liveness.tickPause == .milliseconds(500))
        liveness.heartbeatSent(at: Self.at(10))
        #expect(liveness.tick(now: Self.at(1_509)) == .none)
        liveness.heard(at: Self.at(1_000))
        #expect(liveness.tick(now: Self.at(1_510)) == .sendHeartbeat)
        liveness.heartbeatSent(at: Self.at(1_510))
        #expect(liveness.tick(now: Self.at(2_000)) == .none)
    }

    @Test("a silent executor: heartbeats every ¼ interval after 1¼ intervals of silence, lost at the timeout")
    func silentExecutor() {
        var liveness = Self.fresh()
        liveness.heard(at: Self.at(0))
        liveness.welcomed(intervalMs: 1_000, timeoutMs: 5_000)
        liveness.heartbeatSent(at: Self.at(1_000))
        // Silent for 1.25 s or less: the next beat ¾ s after the last.
        #expect(liveness.tick(now: Self.at(1_249)) == .none)
        // Silent for more than 1.25 s: probe every ¼ s.
        #expect(liveness.tick(now: Self.at(1_251)) == .sendHeartbeat)
        liveness.heartbeatSent(at: Self.at(1_251))
        #expect(liveness.tick(now: Self.at(1_400)) == .none)
        #expect(liveness.tick(now: Self.at(1_501)) == .sendHeartbeat)
        #expect(liveness.tick(now: Self.at(5_000)) == .executorLost)
        #expect(!liveness.isRegistered, "lost: connecting again")
        #expect(liveness.tick(now: Self.at(5_001)) == .none)
        #expect(liveness.tick(now: Self.at(10_000)) == .reconnectUnwelcomed)
    }

    @Test("results are pruned only while registered and heard from within an interval")
    func pruning() {
        var liveness = Self.fresh()
        #expect(!liveness.mayPruneResults(now: Self.at(0)), "not registered")
        liveness.welcomed(intervalMs: 1_000, timeoutMs: 5_000)
        liveness.heard(at: Self.at(100))
        #expect(liveness.mayPruneResults(now: Self.at(1_099)))
        #expect(!liveness.mayPruneResults(now: Self.at(1_100)), "silent for an interval: keep them")
        liveness.helloSent(at: Self.at(2_000))
        liveness.heard(at: Self.at(2_000))
        #expect(!liveness.mayPruneResults(now: Self.at(2_001)), "a new hello: not registered until welcomed")
    }
}
