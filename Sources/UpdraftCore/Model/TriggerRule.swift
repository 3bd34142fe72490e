/// When a task may run, given the states of its direct upstream tasks (Airflow's `trigger_rule`).
///
/// Raw values are Airflow's spellings; ``init(parsing:)`` also accepts Airflow's deprecated
/// aliases. The evaluation itself is ``TriggerRuleEvaluator``.
public enum TriggerRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// All upstream tasks succeeded (the default).
    case allSuccess = "all_success"
    /// All upstream tasks are failed or upstream_failed.
    case allFailed = "all_failed"
    /// All upstream tasks finished, whatever their state.
    case allDone = "all_done"
    /// All non-skipped upstream tasks finished and at least one succeeded.
    case allDoneMinOneSuccess = "all_done_min_one_success"
    /// All upstream tasks were skipped.
    case allSkipped = "all_skipped"
    /// At least one upstream task succeeded; does not wait for the others.
    case oneSuccess = "one_success"
    /// At least one upstream task failed; does not wait for the others.
    case oneFailed = "one_failed"
    /// At least one upstream task succeeded or failed; does not wait for the others.
    case oneDone = "one_done"
    /// No upstream task failed: all succeeded or were skipped.
    case noneFailed = "none_failed"
    /// No upstream task failed and at least one succeeded: the join after a branch.
    case noneFailedMinOneSuccess = "none_failed_min_one_success"
    /// No upstream task was skipped.
    case noneSkipped = "none_skipped"
    /// No dependency at all: run at any time.
    case always

    /// Parses a rule name, accepting Airflow's deprecated aliases `dummy` (→ `always`) and
    /// `none_failed_or_skipped` (→ `none_failed_min_one_success`). Nil for unknown names.
    public init?(parsing text: String) {
        switch text {
        case "dummy": self = .always
        case "none_failed_or_skipped": self = .noneFailedMinOneSuccess
        default: self.init(rawValue: text)
        }
    }

    /// Every valid name, comma-separated, for error messages.
    public static var validNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
