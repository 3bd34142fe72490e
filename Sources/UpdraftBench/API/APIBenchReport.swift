import Foundation

/// What `updraft bench api` measured.
public struct APIBenchReport: Codable, Sendable, Equatable {
    /// DAGs, tasks per DAG and finished runs per DAG in the store.
    public var dags: Int
    public var tasksPerDag: Int
    public var runsPerDag: Int
    /// `GET /api/v1/dags` (first page of 100) from 2 keep-alive connections: requests per second.
    public var dagsListRps: Double
    /// Its latency, median and 99th percentile, in milliseconds.
    public var dagsListP50Ms: Double
    public var dagsListP99Ms: Double
    /// `GET .../taskInstances?limit=1000` of a 1,000-task run: median and p99, milliseconds.
    public var taskInstancesP50Ms: Double
    public var taskInstancesP99Ms: Double
    /// A task-instance state committed to the store and published on the bus → its SSE
    /// event read by a client of `GET /api/v1/events`: median and p99, milliseconds.
    public var eventLatencyP50Ms: Double
    public var eventLatencyP99Ms: Double
    /// Events sent and read.
    public var events: Int
    /// Wall time of the whole benchmark.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case dags, tasksPerDag = "tasks_per_dag", runsPerDag = "runs_per_dag"
        case dagsListRps = "dags_list_rps", dagsListP50Ms = "dags_list_p50_ms", dagsListP99Ms = "dags_list_p99_ms"
        case taskInstancesP50Ms = "task_instances_p50_ms", taskInstancesP99Ms = "task_instances_p99_ms"
        case eventLatencyP50Ms = "event_latency_p50_ms", eventLatencyP99Ms = "event_latency_p99_ms", events, seconds
    }

    /// The human-readable lines.
    public var text: String {
        func ms(_ v: Double) -> String { String(format: "%.3f ms", v) }
        return """
            api bench: \(dags) DAGs x \(tasksPerDag) tasks, \(runsPerDag) finished runs each, over 127.0.0.1
              GET /api/v1/dags (2 connections): \(String(format: "%.0f", dagsListRps)) req/s, p50 \(ms(dagsListP50Ms)), p99 \(ms(dagsListP99Ms))   (target >= 5,000 req/s)
              task instances of a 1,000-task run: p50 \(ms(taskInstancesP50Ms)), p99 \(ms(taskInstancesP99Ms))   (target < 20 ms p50)
              state committed -> SSE event read (\(events) events): p50 \(ms(eventLatencyP50Ms)), p99 \(ms(eventLatencyP99Ms))   (target < 5 ms p50)
              (\(String(format: "%.1f", seconds)) s)
            """
    }

    /// The `q` quantile (0...1) of `samples`, in milliseconds from seconds.
    static func quantileMs(_ samples: [Double], _ q: Double) -> Double {
        guard !samples.isEmpty else { return 0 }
        let sorted = samples.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))] * 1000
    }
}
