extension UpstreamStates {
    /// Adds (`sign` 1) or removes (`sign` -1) one upstream instance in `state`, keeping the
    /// counts of a task's upstream up to date as instances change, in O(1).
    mutating func tally(_ state: TaskInstanceState, _ sign: Int) {
        total += sign
        switch state {
        case .success: success += sign
        case .skipped: skipped += sign
        case .failed: failed += sign
        case .upstreamFailed: upstreamFailed += sign
        case .removed: removed += sign
        default: break
        }
    }
}
