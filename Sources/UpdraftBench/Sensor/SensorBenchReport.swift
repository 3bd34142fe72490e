import Foundation

/// What `updraft bench sensor` measured.
public struct SensorBenchReport: Codable, Sendable, Equatable {
    /// Upstream/downstream DAG pairs.
    public var pairs: Int
    /// Reaction latency, upstream task end (the worker's end time) → the sensor's success
    /// committed and published: median, in milliseconds.
    public var reactionP50Ms: Double
    /// Reaction latency, 99th percentile, in milliseconds.
    public var reactionP99Ms: Double
    /// Reaction latency, slowest pair, in milliseconds.
    public var reactionMaxMs: Double
    /// The upstream success event received → the sensor success event received (the sensor
    /// path alone: subscription, decision, one scheduler step with its commit): median, ms.
    public var eventToSuccessP50Ms: Double
    /// The same, 99th percentile, in milliseconds.
    public var eventToSuccessP99Ms: Double
    /// Busy worker slots (executor's view) while every sensor waited: must be 0.
    public var workerSlotsHeld: Int
    /// Sensors seen `up_for_reschedule` at once before the upstreams ran.
    public var sensorsWaiting: Int
    /// Every upstream and downstream run ended `success`.
    public var allSucceeded: Bool
    /// Wall time of the whole benchmark.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case pairs
        case reactionP50Ms = "reaction_p50_ms", reactionP99Ms = "reaction_p99_ms", reactionMaxMs = "reaction_max_ms"
        case eventToSuccessP50Ms = "event_to_success_p50_ms", eventToSuccessP99Ms = "event_to_success_p99_ms"
        case workerSlotsHeld = "worker_slots_held", sensorsWaiting = "sensors_waiting"
        case allSucceeded = "all_succeeded", seconds
    }

    /// The human-readable lines.
    public var text: String {
        func ms(_ v: Double) -> String { String(format: "%.3f ms", v) }
        return """
            sensor bench: \(pairs) upstream/downstream DAG pair(s) linked by external_task sensors
              reaction (upstream task end -> sensor success): p50 \(ms(reactionP50Ms)), p99 \(ms(reactionP99Ms)), max \(ms(reactionMaxMs))
              upstream success event -> sensor success event: p50 \(ms(eventToSuccessP50Ms)), p99 \(ms(eventToSuccessP99Ms))
              sensors waiting at once: \(sensorsWaiting), worker slots held by them: \(workerSlotsHeld)
              all runs succeeded: \(allSucceeded ? "yes" : "no") (\(String(format: "%.1f", seconds)) s)
            """
    }
}
