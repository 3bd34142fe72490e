/// Counts of a task instance's finished direct upstream task instances by state
/// (Airflow's `_UpstreamTIStates`), plus how many upstream instances there are in all.
public struct UpstreamStates: Sendable, Hashable, CustomStringConvertible {
    /// Upstream instances in total (finished or not). For unmapped upstream tasks this is the
    /// number of upstream tasks; for mapped ones, the number of their instances.
    public var total: Int
    /// Finished in `success`.
    public var success: Int
    /// Finished in `skipped`.
    public var skipped: Int
    /// Finished in `failed`.
    public var failed: Int
    /// Finished in `upstream_failed`.
    public var upstreamFailed: Int
    /// Finished in `removed`.
    public var removed: Int

    /// Counts given directly; `total` must be at least the sum of the others.
    public init(total: Int, success: Int = 0, skipped: Int = 0, failed: Int = 0,
                upstreamFailed: Int = 0, removed: Int = 0) {
        self.total = total
        self.success = success
        self.skipped = skipped
        self.failed = failed
        self.upstreamFailed = upstreamFailed
        self.removed = removed
    }

    /// Counts of `states`, one entry per upstream task instance (unfinished ones included).
    public init(states: some Sequence<TaskInstanceState>) {
        self.init(total: 0)
        for s in states {
            total += 1
            switch s {
            case .success: success += 1
            case .skipped: skipped += 1
            case .failed: failed += 1
            case .upstreamFailed: upstreamFailed += 1
            case .removed: removed += 1
            default: break
            }
        }
    }

    /// Finished upstream instances: success + skipped + failed + upstream_failed + removed.
    public var done: Int { success + skipped + failed + upstreamFailed + removed }

    /// True when every upstream instance is finished.
    public var allDone: Bool { done >= total }

    /// `total=3 success=1 skipped=0 ...`, for logs and test names.
    public var description: String {
        "total=\(total) success=\(success) skipped=\(skipped) failed=\(failed) "
            + "upstream_failed=\(upstreamFailed) removed=\(removed)"
    }
}

/// What the scheduler should do with a task instance, from its trigger rule.
public enum TriggerDecision: String, Sendable, Hashable, CaseIterable {
    /// The rule is met: the task instance may be scheduled.
    case run
    /// The rule is not met yet but still can be: leave the task instance as it is.
    case wait
    /// The rule can no longer be met: mark the task instance `skipped`.
    case skip
    /// The rule can no longer be met because of a failure: mark it `upstream_failed`.
    case upstreamFailed = "upstream_failed"
    /// A mapped instance whose index no longer exists upstream: mark it `removed`.
    case removed
}
