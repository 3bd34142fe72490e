import Foundation

/// The figures of one `updraft bench ha` run (snake_case keys: the JSON the issue names).
public struct HABenchReport: Sendable, Codable {
    /// Active schedulers SIGKILLed (each restarted at once as a standby).
    public var kills: Int
    /// From each SIGKILL of the active scheduler to the first try starting again on a worker
    /// (dispatched by the scheduler that took over), median and slowest, seconds.
    public var takeover_p50_s: Double
    public var takeover_max_s: Double
    /// Every takeover, in order (seconds).
    public var takeover_s: [Double]
    /// From each SIGKILL to another scheduler holding the lease, median (seconds).
    public var lease_takeover_p50_s: Double
    /// Task instances of started runs left unfinished once the deployment settled.
    public var lost: Int
    /// Tries that ran twice at once (the tasks' evidence: a try number started twice, or two
    /// tries of one instance overlapping).
    public var doubled: Int
    /// Tries that started and never ended (killed after their executor went silent; retried).
    public var tries_cut_short: Int
    /// Task instances that ended failed or upstream_failed.
    public var failed: Int
    /// Scheduled time (the end of the run's data interval) → the run's start, seconds, for
    /// ticks after the deployment started (each DAG's first run is for an earlier tick).
    public var ticks_late_p50_s: Double
    public var ticks_late_p99_s: Double
    /// Runs created and task instances in them.
    public var runs: Int
    public var task_instances: Int
    /// The shape.
    public var dags: Int
    public var tasks_per_dag: Int
    public var schedulers: Int
    public var workers: Int
    public var worker_concurrency: Int
    public var minutes: Int
    public var seed: UInt64
    /// Seconds the benchmark ran.
    public var elapsed_s: Double

    /// A text summary.
    public var text: String {
        func s(_ v: Double) -> String { String(format: "%.2f s", v) }
        return """
            \(schedulers) schedulers (1 active, SIGKILLed once a minute × \(kills)), \(workers) tcp workers × \(worker_concurrency), \
            \(dags) DAGs × \(tasks_per_dag) tasks on * * * * *, \(minutes) min, seed \(seed):
              takeover (kill → first try started again): p50 \(s(takeover_p50_s))  max \(s(takeover_max_s))   (target < 10 s)
              kill → lease taken by a standby: p50 \(s(lease_takeover_p50_s))
              lost \(lost)   doubled \(doubled)   (targets 0)   failed \(failed)   tries cut short \(tries_cut_short)
              scheduled time → run start: p50 \(s(ticks_late_p50_s))  p99 \(s(ticks_late_p99_s))
              \(runs) runs, \(task_instances) task instances, \(String(format: "%.0f", elapsed_s)) s
            """
    }
}
