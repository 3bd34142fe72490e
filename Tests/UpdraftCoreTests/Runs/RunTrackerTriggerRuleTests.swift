import Foundation
import Testing
@testable import UpdraftCore

/// One trigger rule and what the planner makes of a task with that rule whose upstream
/// `ok` succeeded and `bad` ended in `badState`.
struct RuleCase: CustomTestStringConvertible, Sendable {
    let rule: TriggerRule
    let badState: TaskInstanceState
    let expected: TaskInstanceState
    var testDescription: String { "\(rule.rawValue) after success + \(badState.rawValue) -> \(expected.rawValue)" }
}

@Suite("Run planner: every trigger rule after an upstream failure or skip")
struct RunTrackerTriggerRuleTests {
    typealias F = RunFixtures

    static let afterFailure: [RuleCase] = [
        .init(rule: .allSuccess, badState: .failed, expected: .upstreamFailed),
        .init(rule: .allFailed, badState: .failed, expected: .skipped),
        .init(rule: .allDone, badState: .failed, expected: .scheduled),
        .init(rule: .allDoneMinOneSuccess, badState: .failed, expected: .scheduled),
        .init(rule: .allSkipped, badState: .failed, expected: .skipped),
        .init(rule: .oneSuccess, badState: .failed, expected: .scheduled),
        .init(rule: .oneFailed, badState: .failed, expected: .scheduled),
        .init(rule: .oneDone, badState: .failed, expected: .scheduled),
        .init(rule: .noneFailed, badState: .failed, expected: .upstreamFailed),
        .init(rule: .noneFailedMinOneSuccess, badState: .failed, expected: .upstreamFailed),
        .init(rule: .noneSkipped, badState: .failed, expected: .scheduled),
        .init(rule: .always, badState: .failed, expected: .scheduled),
    ]

    static let afterSkip: [RuleCase] = [
        .init(rule: .allSuccess, badState: .skipped, expected: .skipped),
        .init(rule: .allFailed, badState: .skipped, expected: .skipped),
        .init(rule: .allDone, badState: .skipped, expected: .scheduled),
        .init(rule: .allDoneMinOneSuccess, badState: .skipped, expected: .skipped),
        .init(rule: .allSkipped, badState: .skipped, expected: .skipped),
        .init(rule: .oneSuccess, badState: .skipped, expected: .scheduled),
        .init(rule: .oneFailed, badState: .skipped, expected: .skipped),
        .init(rule: .oneDone, badState: .skipped, expected: .scheduled),
        .init(rule: .noneFailed, badState: .skipped, expected: .scheduled),
        .init(rule: .noneFailedMinOneSuccess, badState: .skipped, expected: .scheduled),
        .init(rule: .noneSkipped, badState: .skipped, expected: .skipped),
    ]

    /// ok, bad -> t(rule) -> after (all_success).
    static func run(_ c: RuleCase) -> RunTracker {
        var run = F.tracker([F.task("ok"), F.task("bad"), F.task("t", ["ok", "bad"], rule: c.rule), F.task("after", ["t"])])
        _ = run.evaluate(now: F.t0)
        _ = run.complete("ok")
        _ = run.complete("bad", c.badState)
        return run
    }

    @Test("after a failed upstream", arguments: afterFailure)
    func failure(_ c: RuleCase) {
        let run = Self.run(c)
        #expect(run.state("t") == c.expected)
        // What t became travels on: upstream_failed and skipped cascade, scheduled waits to run.
        let after = run.state("after")
        switch c.expected {
        case .upstreamFailed: #expect(after == .upstreamFailed)
        case .skipped: #expect(after == .skipped)
        default: #expect(after == TaskInstanceState.none)
        }
    }

    @Test("after a skipped upstream", arguments: afterSkip)
    func skip(_ c: RuleCase) {
        #expect(Self.run(c).state("t") == c.expected)
    }

    @Test("one_success and one_failed fire before the other upstream tasks end")
    func eagerRules() {
        var run = F.tracker([F.task("a"), F.task("b"), F.task("s", ["a", "b"], rule: .oneSuccess),
                             F.task("f", ["a", "b"], rule: .oneFailed)])
        _ = run.evaluate(now: F.t0)
        #expect(run.complete("a").toSchedule == [F.id("s")])
        #expect(run.state("f") == TaskInstanceState.none)
        _ = run.complete("b")
        #expect(run.state("f") == .skipped)  // no failure came: one_failed can no longer be met
    }

    @Test("always runs at the start without waiting for its upstream")
    func always() {
        var run = F.tracker([F.task("a"), F.task("w", ["a"], rule: .always)])
        #expect(Set(run.evaluate(now: F.t0).toSchedule) == [F.id("a"), F.id("w")])
    }

    @Test("upstream_failed cascades through a chain at once; the run fails when all ended")
    func cascade() {
        var run = F.tracker([F.task("a") { $0.retries = 0 }, F.task("b", ["a"]), F.task("c", ["b"]), F.task("d", ["c"])])
        _ = run.evaluate(now: F.t0)
        let d = run.complete("a", .failed)
        #expect(d.changed.map(\.id.taskId) == ["a", "b", "c", "d"])
        #expect(d.changed.dropFirst().allSatisfy { $0.state == .upstreamFailed && $0.endDate == F.t0 })
        #expect(d.runState == .failed)
    }
}
