import Foundation
import Testing
@testable import UpdraftCore

@Suite("RecoveryPhase: what a restarted scheduler waits for")
struct RecoveryPhaseTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static func id(_ task: String) -> TaskInstanceID { TaskInstanceID(dagId: "d", runId: "r", taskId: task) }

    @Test("the first instance found starts a grace awaiting the stored workers (not the dead ones); a running row's worker is awaited too")
    func firstFindStartsTheGrace() throws {
        var phase = RecoveryPhase(cap: 10, previousStopWasClean: false)
        phase.setStoredWorkers(["w1", "w2", "w3"], dead: ["w3"])
        #expect(phase.state == .idle)
        let first1 = phase.found(Self.id("a"), state: .running, workerId: "w9", now: Self.t0)
        let began = try #require(first1)
        #expect(began == RecoveryPhase.Began(afterCleanStop: false, awaiting: 2, gone: ["w3"], cap: 10))
        #expect(phase.grace?.missing == ["w1", "w2", "w9"])
        #expect(phase.deadline == Self.t0.addingTimeInterval(10))
        let result4 = phase.found(Self.id("b"), state: .queued, workerId: "w7", now: Self.t0)
        #expect(result4 == nil, "one grace")
        #expect(phase.grace?.missing == ["w1", "w2", "w9"], "a queued row's worker is not awaited")
        #expect(phase.recovering == [Self.id("a"), Self.id("b")])
        let result5 = phase.takeReviewDue()
        #expect(result5)
        let again = phase.takeReviewDue()
        #expect(!again, "taken once")
    }

    @Test("after a clean stop the first pass awaits nobody; after it, finds wait as usual")
    func cleanStop() throws {
        var phase = RecoveryPhase(cap: 10, previousStopWasClean: true)
        phase.setStoredWorkers(["w1"], dead: [])
        let first2 = phase.found(Self.id("a"), state: .queued, workerId: nil, now: Self.t0)
        let began = try #require(first2)
        #expect(began.afterCleanStop && began.awaiting == 0)
        #expect(phase.grace?.isOver(at: Self.t0) == true)
        phase.resolved(Self.id("a"))
        let result6 = phase.endIfOver(at: Self.t0)
        #expect(result6 == RecoveryPhase.Ended(gone: [], waited: 0))
        phase.firstPassDone()
        let first3 = phase.found(Self.id("b"), state: .queued, workerId: nil, now: Self.t0)
        let later = try #require(first3)
        #expect(!later.afterCleanStop && later.awaiting == 1)
    }

    @Test("the grace ends when every instance is decided, or at the cap with the missing workers named; not before")
    func ending() throws {
        var phase = RecoveryPhase(cap: 10, previousStopWasClean: false)
        phase.setStoredWorkers(["w1", "w2"], dead: ["w2"])
        _ = phase.found(Self.id("a"), state: .running, workerId: "w1", now: Self.t0)
        let result7 = phase.endIfOver(at: Self.t0.addingTimeInterval(5))
        #expect(result7 == nil, "w1 missing, a undecided, cap not reached")
        phase.reported(workerId: "w1")
        #expect(phase.grace?.missing.isEmpty == true)
        // Reported but not decided yet: over (nothing awaited), so it ends.
        let result8 = phase.endIfOver(at: Self.t0.addingTimeInterval(5))
        #expect(result8 == RecoveryPhase.Ended(gone: ["w2"], waited: 5))
        #expect(phase.state == .idle)

        var capped = RecoveryPhase(cap: 10, previousStopWasClean: false)
        capped.setStoredWorkers(["w1"], dead: [])
        _ = capped.found(Self.id("a"), state: .running, workerId: "w1", now: Self.t0)
        let result9 = capped.endIfOver(at: Self.t0.addingTimeInterval(9.99))
        #expect(result9 == nil)
        let result10 = capped.endIfOver(at: Self.t0.addingTimeInterval(10))
        #expect(result10 == RecoveryPhase.Ended(gone: ["w1"], waited: 10))
    }

    @Test("a grace that ends early (every instance decided) names only the known-gone workers, not those yet to report")
    func earlyEndKeepsUnreported() {
        var phase = RecoveryPhase(cap: 10, previousStopWasClean: false)
        phase.setStoredWorkers(["w1", "w2", "w3"], dead: ["w3"])
        _ = phase.found(Self.id("a"), state: .running, workerId: "w1", now: Self.t0)
        phase.resolved(Self.id("a"))
        let ended = phase.endIfOver(at: Self.t0.addingTimeInterval(0.5))
        #expect(ended == RecoveryPhase.Ended(gone: ["w3"], waited: 0.5), "w1 and w2 may be connected: the store keeps them")
    }

    @Test("reports and resolutions without a grace change nothing")
    func idleIgnores() {
        var phase = RecoveryPhase(cap: 10, previousStopWasClean: false)
        phase.reported(workerId: "w1")
        phase.resolved(Self.id("a"))
        #expect(phase.state == .idle)
        let result11 = phase.endIfOver(at: Self.t0)
        #expect(result11 == nil)
        let again = phase.takeReviewDue()
        #expect(!again)
    }
}
