/// How a task's effective priority weight is computed from `priority_weight` (Airflow's
/// `weight_rule`). See ``Dag/effectivePriorityWeights()``.
public enum WeightRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// Own weight plus the weights of every task downstream of it (the default): tasks that
    /// unblock more work go first.
    case downstream
    /// Own weight plus the weights of every task upstream of it: runs that are further
    /// along finish first.
    case upstream
    /// Own weight only.
    case absolute

    /// Every valid name, comma-separated, for error messages.
    public static var validNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
