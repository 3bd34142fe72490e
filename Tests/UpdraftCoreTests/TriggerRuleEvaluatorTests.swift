import Testing
@testable import UpdraftCore

/// One row: upstream counts (total, success, skipped, failed, upstream_failed, removed) and
/// the decision Airflow's trigger_rule_dep.py reaches for them.
struct TriggerRow: CustomTestStringConvertible, Sendable {
    let rule: TriggerRule
    let upstream: UpstreamStates
    let mapIndex: Int
    let expected: TriggerDecision

    init(_ rule: TriggerRule, total: Int, s: Int = 0, sk: Int = 0, f: Int = 0, uf: Int = 0, rm: Int = 0,
         map: Int = -1, _ expected: TriggerDecision) {
        self.rule = rule
        upstream = UpstreamStates(total: total, success: s, skipped: sk, failed: f, upstreamFailed: uf, removed: rm)
        mapIndex = map
        self.expected = expected
    }

    var testDescription: String { "\(rule.rawValue) [\(upstream)] map=\(mapIndex) -> \(expected.rawValue)" }
}

@Suite("Trigger rules, as Airflow's trigger_rule_dep.py")
struct TriggerRuleEvaluatorTests {
    static let rows: [TriggerRow] = [
        // all_success: fails fast on a failure, skip cascades.
        .init(.allSuccess, total: 3, s: 3, .run),
        .init(.allSuccess, total: 3, s: 2, .wait),
        .init(.allSuccess, total: 3, s: 2, f: 1, .upstreamFailed),
        .init(.allSuccess, total: 3, s: 1, uf: 1, .upstreamFailed),
        .init(.allSuccess, total: 3, s: 2, sk: 1, .skip),
        .init(.allSuccess, total: 3, sk: 1, .skip),
        .init(.allSuccess, total: 2, sk: 1, f: 1, .upstreamFailed),
        .init(.allSuccess, total: 3, s: 2, rm: 1, .wait),
        .init(.allSuccess, total: 3, s: 2, rm: 1, map: 0, .run),
        .init(.allSuccess, total: 3, s: 2, rm: 1, map: 2, .removed),
        // all_failed
        .init(.allFailed, total: 2, f: 2, .run),
        .init(.allFailed, total: 2, f: 1, uf: 1, .run),
        .init(.allFailed, total: 2, f: 1, .wait),
        .init(.allFailed, total: 2, s: 1, f: 1, .skip),
        .init(.allFailed, total: 2, sk: 1, .skip),
        .init(.allFailed, total: 3, uf: 3, .run),
        // all_done
        .init(.allDone, total: 3, s: 1, sk: 1, f: 1, .run),
        .init(.allDone, total: 3, s: 1, f: 1, .wait),
        .init(.allDone, total: 2, uf: 1, rm: 1, .run),
        .init(.allDone, total: 2, sk: 2, .run),
        .init(.allDone, total: 2, .wait),
        // all_done_min_one_success
        .init(.allDoneMinOneSuccess, total: 3, s: 1, f: 2, .run),
        .init(.allDoneMinOneSuccess, total: 3, s: 1, f: 1, .wait),
        .init(.allDoneMinOneSuccess, total: 3, f: 3, .upstreamFailed),
        .init(.allDoneMinOneSuccess, total: 3, s: 2, sk: 1, .skip),
        .init(.allDoneMinOneSuccess, total: 2, f: 1, uf: 1, .upstreamFailed),
        .init(.allDoneMinOneSuccess, total: 2, .wait),
        .init(.allDoneMinOneSuccess, total: 2, f: 1, .wait),
        .init(.allDoneMinOneSuccess, total: 2, s: 1, rm: 1, .run),
        // all_skipped
        .init(.allSkipped, total: 2, sk: 2, .run),
        .init(.allSkipped, total: 2, sk: 1, .wait),
        .init(.allSkipped, total: 2, s: 1, sk: 1, .skip),
        .init(.allSkipped, total: 2, f: 1, .skip),
        .init(.allSkipped, total: 2, uf: 1, .skip),
        .init(.allSkipped, total: 2, sk: 1, rm: 1, .wait),
        // one_success: fires before the others finish.
        .init(.oneSuccess, total: 3, s: 1, .run),
        .init(.oneSuccess, total: 3, f: 1, .wait),
        .init(.oneSuccess, total: 3, f: 3, .upstreamFailed),
        .init(.oneSuccess, total: 3, sk: 3, .skip),
        .init(.oneSuccess, total: 3, sk: 2, f: 1, .upstreamFailed),
        .init(.oneSuccess, total: 2, s: 1, f: 1, .run),
        .init(.oneSuccess, total: 2, s: 1, sk: 1, .run),
        .init(.oneSuccess, total: 2, sk: 1, .wait),
        // one_failed: fires before the others finish.
        .init(.oneFailed, total: 3, f: 1, .run),
        .init(.oneFailed, total: 3, uf: 1, .run),
        .init(.oneFailed, total: 3, s: 1, .wait),
        .init(.oneFailed, total: 3, s: 3, .skip),
        .init(.oneFailed, total: 3, s: 2, sk: 1, .skip),
        .init(.oneFailed, total: 2, s: 1, f: 1, .run),
        // one_done
        .init(.oneDone, total: 3, s: 1, .run),
        .init(.oneDone, total: 3, f: 1, .run),
        .init(.oneDone, total: 3, uf: 1, .wait),
        .init(.oneDone, total: 2, sk: 1, uf: 1, .skip),
        .init(.oneDone, total: 2, sk: 2, .skip),
        .init(.oneDone, total: 2, rm: 2, .skip),
        .init(.oneDone, total: 2, sk: 1, .wait),
        // none_failed
        .init(.noneFailed, total: 3, s: 2, sk: 1, .run),
        .init(.noneFailed, total: 3, sk: 3, .run),
        .init(.noneFailed, total: 3, s: 1, .wait),
        .init(.noneFailed, total: 3, s: 1, f: 1, .upstreamFailed),
        .init(.noneFailed, total: 3, uf: 1, .upstreamFailed),
        // none_failed_min_one_success: the join after a branch.
        .init(.noneFailedMinOneSuccess, total: 2, s: 1, sk: 1, .run),
        .init(.noneFailedMinOneSuccess, total: 2, sk: 2, .skip),
        .init(.noneFailedMinOneSuccess, total: 2, sk: 1, .wait),
        .init(.noneFailedMinOneSuccess, total: 2, sk: 1, f: 1, .upstreamFailed),
        .init(.noneFailedMinOneSuccess, total: 3, s: 3, .run),
        .init(.noneFailedMinOneSuccess, total: 2, uf: 1, .upstreamFailed),
        .init(.noneFailedMinOneSuccess, total: 2, sk: 1, rm: 1, .wait),
        // none_skipped
        .init(.noneSkipped, total: 2, s: 1, f: 1, .run),
        .init(.noneSkipped, total: 2, s: 1, .wait),
        .init(.noneSkipped, total: 2, sk: 1, .skip),
        .init(.noneSkipped, total: 2, f: 1, uf: 1, .run),
        .init(.noneSkipped, total: 2, s: 2, .run),
        // always
        .init(.always, total: 2, .run),
        .init(.always, total: 2, f: 2, .run),
        .init(.always, total: 2, sk: 1, uf: 1, .run),
    ]

    @Test("decision per rule and upstream counts", arguments: rows)
    func decision(_ row: TriggerRow) {
        #expect(TriggerRuleEvaluator.decide(row.rule, upstream: row.upstream, mapIndex: row.mapIndex) == row.expected)
    }

    @Test("every rule has rows, and at least three", arguments: TriggerRule.allCases)
    func coverage(_ rule: TriggerRule) {
        #expect(Self.rows.filter { $0.rule == rule }.count >= 3)
    }

    @Test("a task without upstream tasks always runs", arguments: TriggerRule.allCases)
    func noUpstream(_ rule: TriggerRule) {
        #expect(TriggerRuleEvaluator.decide(rule, upstream: UpstreamStates(total: 0)) == .run)
    }

    @Test("counting states: unfinished states count only in total")
    func counting() {
        let u = UpstreamStates(states: [.success, .running, .skipped, .failed, .upstreamFailed, .removed, .queued, .upForRetry])
        #expect(u == UpstreamStates(total: 8, success: 1, skipped: 1, failed: 1, upstreamFailed: 1, removed: 1))
        #expect(u.done == 5)
        #expect(!u.allDone)
    }

    @Test("rule names parse, with Airflow's deprecated aliases")
    func parsing() {
        for rule in TriggerRule.allCases { #expect(TriggerRule(parsing: rule.rawValue) == rule) }
        #expect(TriggerRule(parsing: "dummy") == .always)
        #expect(TriggerRule(parsing: "none_failed_or_skipped") == .noneFailedMinOneSuccess)
        #expect(TriggerRule(parsing: "all_sucess") == nil)
    }

    @Test("finished states are Airflow's State.finished")
    func finished() {
        let finished = TaskInstanceState.allCases.filter(\.isFinished)
        #expect(Set(finished) == [.success, .failed, .skipped, .upstreamFailed, .removed])
        #expect(TaskInstanceState(rawValue: "up_for_retry") == .upForRetry)
    }
}
