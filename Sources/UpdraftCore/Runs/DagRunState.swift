import Foundation

/// The state of one DAG run, with Airflow's names.
public enum DagRunState: String, Sendable, Hashable, CaseIterable, Codable {
    /// Created (by the schedule, a trigger or a backfill), waiting for a free run slot
    /// (`max_active_runs`).
    case queued
    /// Its task instances are being scheduled.
    case running
    /// Every leaf task ended in success or skipped.
    case success
    /// A leaf task ended in failed or upstream_failed.
    case failed

    /// success or failed.
    public var isFinished: Bool { self == .success || self == .failed }
}

/// Why a DAG run exists (Airflow's `run_type`); the prefix of its generated `run_id`.
public enum DagRunType: String, Sendable, Hashable, CaseIterable, Codable {
    /// Created by the scheduler from the DAG's schedule.
    case scheduled
    /// Triggered by hand (`updraft dags trigger`).
    case manual
    /// Created by `updraft dags backfill`.
    case backfill

    /// Airflow's run id for a run of this type at `logicalDate`:
    /// `scheduled__2026-11-22T00:00:00+00:00`.
    public func runId(logicalDate: Date) -> String {
        "\(rawValue)__\(ISOTimestamp.format(logicalDate, in: .gmt))"
    }
}
