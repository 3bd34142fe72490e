import UpdraftCore

/// The graph `updraft bench run` generates.
public enum RunBenchShape: String, Sendable, CaseIterable, Codable {
    /// One root task, every other task downstream of it.
    case fanout
    /// Each task downstream of the one before.
    case chain
    /// A binary tree: task i's upstream is task (i - 1) / 2.
    case tree

    /// Upstream task index of task `index` (0-based), or nil for the root.
    public func parent(of index: Int) -> Int? {
        guard index > 0 else { return nil }
        switch self {
        case .fanout: return 0
        case .chain: return index - 1
        case .tree: return (index - 1) / 2
        }
    }
}

/// What each generated task does.
public enum RunBenchKind: String, Sendable, CaseIterable, Codable {
    /// A Swift closure task (callable `updraft.noop`) that returns at once, through a worker.
    case noop
    /// A bash task running `true` in its own process group.
    case bash
}
