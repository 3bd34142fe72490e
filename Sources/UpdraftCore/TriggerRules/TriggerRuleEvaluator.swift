/// Evaluates a trigger rule as a pure function, exactly as Airflow's
/// `TriggerRuleDep._evaluate_direct_relatives` does with `flag_upstream_failed` on
/// (the normal scheduling case): first whether the rule can no longer be met (the task
/// becomes skipped / upstream_failed), then whether it is met (run) or not yet (wait).
///
/// ```swift
/// let up = UpstreamStates(total: 2, success: 1, skipped: 1)
/// TriggerRuleEvaluator.decide(.noneFailedMinOneSuccess, upstream: up) // .run
/// TriggerRuleEvaluator.decide(.allSuccess, upstream: up)              // .skip
/// ```
public enum TriggerRuleEvaluator {
    /// The decision for a task instance with `rule` whose direct upstream instances are
    /// counted in `upstream`. `mapIndex` is the instance's map index (-1 when not mapped):
    /// for mapped instances Airflow discounts `removed` upstreams. A task without upstream
    /// tasks (`upstream.total == 0`) always runs, as does `always`.
    public static func decide(_ rule: TriggerRule, upstream u: UpstreamStates, mapIndex: Int = -1) -> TriggerDecision {
        if u.total == 0 || rule == .always { return .run }
        if let final = unmeetable(rule, u, mapIndex: mapIndex) { return final }
        return isMet(rule, u, mapIndex: mapIndex) ? .run : .wait
    }

    /// The state to write when the rule can no longer be met, or nil.
    static func unmeetable(_ rule: TriggerRule, _ u: UpstreamStates, mapIndex: Int) -> TriggerDecision? {
        let anyFailed = u.failed > 0 || u.upstreamFailed > 0
        switch rule {
        case .allSuccess:
            if anyFailed { return .upstreamFailed }
            if u.skipped > 0 { return .skip }
            if u.removed > 0, u.success > 0, mapIndex > -1, mapIndex >= u.success { return .removed }
        case .allFailed:
            if u.success > 0 || u.skipped > 0 { return .skip }
        case .oneSuccess:
            if u.allDone, u.done == u.skipped { return .skip }
            if u.allDone, u.success <= 0 { return .upstreamFailed }
        case .oneFailed:
            if u.allDone, !anyFailed { return .skip }
        case .oneDone:
            if u.allDone, u.failed == 0, u.success == 0 { return .skip }
        case .noneFailed:
            if anyFailed { return .upstreamFailed }
        case .noneFailedMinOneSuccess:
            if anyFailed { return .upstreamFailed }
            if u.skipped == u.total { return .skip }
        case .noneSkipped:
            if u.skipped > 0 { return .skip }
        case .allSkipped:
            if u.success > 0 || anyFailed { return .skip }
        case .allDoneMinOneSuccess:
            let nonSkippedDone = u.success + u.failed + u.upstreamFailed + u.removed
            if u.skipped > 0 { return .skip }
            if nonSkippedDone >= u.total - u.skipped, u.success == 0 { return .upstreamFailed }
        case .allDone, .always:
            break
        }
        return nil
    }

    /// Whether the rule is met (Airflow yields no failing status).
    static func isMet(_ rule: TriggerRule, _ u: UpstreamStates, mapIndex: Int) -> Bool {
        let removedDiscount = mapIndex > -1 ? u.removed : 0
        switch rule {
        case .oneSuccess: return u.success > 0
        case .oneFailed: return u.failed > 0 || u.upstreamFailed > 0
        case .oneDone: return u.success + u.failed > 0
        case .allSuccess: return u.total - u.success - removedDiscount <= 0
        case .allFailed: return u.total - u.failed - u.upstreamFailed - removedDiscount <= 0
        case .allDone: return u.allDone
        case .noneFailed, .noneFailedMinOneSuccess:
            return u.total - u.success - u.skipped - removedDiscount <= 0
        case .noneSkipped: return u.allDone && u.skipped == 0
        case .allSkipped: return u.total - u.skipped <= 0
        case .allDoneMinOneSuccess:
            let done = u.success + u.failed + u.upstreamFailed + u.removed - removedDiscount
            let upstream = u.total - u.skipped - removedDiscount
            return u.skipped == 0 && done >= upstream && u.success > 0
        case .always: return true
        }
    }
}
