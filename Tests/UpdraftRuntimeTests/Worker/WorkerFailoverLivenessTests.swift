import Testing
@testable import UpdraftRuntime

/// ``WorkerLiveness`` with several endpoints (standby schedulers): it fails over before the
/// timeout keeping the tries, and kills them only once no executor welcomed it within it.
@Suite("WorkerLiveness: failing over to the next executor")
struct WorkerFailoverLivenessTests {
    static let t0 = ContinuousClock.now
    static func at(_ ms: Int) -> ContinuousClock.Instant { t0 + .milliseconds(ms) }

    /// Interval 1 s, timeout 8 s, several endpoints, welcomed and heard at 0.
    static func welcomed() -> WorkerLiveness {
        var liveness = WorkerLiveness(interval: .seconds(1), timeout: .seconds(8), now: at(0), failover: true)
        liveness.heard(at: at(0))
        liveness.welcomed(intervalMs: 0, timeoutMs: 0)
        liveness.heartbeatSent(at: at(0))
        return liveness
    }

    @Test("silent for half the timeout: fail over (tries kept); welcomed there: registered, nothing killed")
    func failsOverAndIsWelcomed() {
        var liveness = Self.welcomed()
        #expect(liveness.tick(now: Self.at(3_999)) == .sendHeartbeat)
        liveness.heartbeatSent(at: Self.at(3_999))
        #expect(liveness.tick(now: Self.at(4_000)) == .failOver)
        #expect(!liveness.isRegistered)
        #expect(liveness.triesHeldSince == Self.at(0))
        liveness.heard(at: Self.at(5_500))
        liveness.welcomed(intervalMs: 0, timeoutMs: 0)
        #expect(liveness.isRegistered && liveness.triesHeldSince == nil)
        #expect(liveness.tick(now: Self.at(8_000)) != .executorLost, "heard at 5.5 s: not lost at 8 s")
    }

    @Test("no executor answers: the next endpoint every half timeout, the tries killed at the timeout since last heard")
    func nobodyAnswers() {
        var liveness = Self.welcomed()
        #expect(liveness.tick(now: Self.at(4_000)) == .failOver)
        #expect(liveness.tick(now: Self.at(7_999)) == .none)
        #expect(liveness.tick(now: Self.at(8_000)) == .executorLost, "8 s since last heard: kill the tries")
        #expect(liveness.triesHeldSince == nil)
        #expect(liveness.tick(now: Self.at(11_999)) == .none)
        #expect(liveness.tick(now: Self.at(12_000)) == .failOver, "then keep looking every half timeout, with nothing held")
        #expect(liveness.tick(now: Self.at(16_000)) == .failOver)
    }

    @Test("one endpoint: no failover, as before (lost at the timeout, hello retried after it)")
    func singleEndpoint() {
        var liveness = WorkerLiveness(interval: .seconds(1), timeout: .seconds(8), now: Self.at(0))
        liveness.heard(at: Self.at(0))
        liveness.welcomed(intervalMs: 0, timeoutMs: 0)
        #expect(liveness.tick(now: Self.at(8_000)) == .executorLost)
        #expect(liveness.tick(now: Self.at(15_999)) == .none)
        #expect(liveness.tick(now: Self.at(16_000)) == .reconnectUnwelcomed)
    }
}
