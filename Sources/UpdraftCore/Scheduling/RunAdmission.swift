import Foundation

/// Which queued DAG runs start now: per DAG, while fewer than `max_active_runs` of its
/// runs are running, oldest logical date first (then run id); runs of paused DAGs wait.
/// What Airflow's scheduler does in `_start_queued_dagruns`, as a pure value.
///
/// ```swift
/// let start = RunAdmission.runsToStart(runs, paused: ["etl"], maxActiveRuns: ["hourly": 1])
/// ```
public enum RunAdmission {
    /// A run the scheduler drives, as admission sees it.
    public struct Run: Sendable, Hashable {
        public var dagId: String
        public var runId: String
        public var logicalDate: Date
        public var state: DagRunState

        /// A run of `dagId`.
        public init(dagId: String, runId: String, logicalDate: Date, state: DagRunState) {
            self.dagId = dagId
            self.runId = runId
            self.logicalDate = logicalDate
            self.state = state
        }
    }

    /// The queued runs of `runs` to start now, in start order. `maxActiveRuns` gives each
    /// DAG's limit (a DAG missing from it starts nothing: its definition is not loaded).
    public static func runsToStart(_ runs: [Run], paused: Set<String>, maxActiveRuns: [String: Int]) -> [Run] {
        var running: [String: Int] = [:]
        for run in runs where run.state == .running { running[run.dagId, default: 0] += 1 }
        let queued = runs.filter { $0.state == .queued }
            .sorted { ($0.logicalDate, $0.runId) < ($1.logicalDate, $1.runId) }
        var start: [Run] = []
        for run in queued where !paused.contains(run.dagId) {
            guard let limit = maxActiveRuns[run.dagId], running[run.dagId, default: 0] < limit else { continue }
            running[run.dagId, default: 0] += 1
            start.append(run)
        }
        return start
    }
}
