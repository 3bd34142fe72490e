import Prometheus
import UpdraftProtocol

/// Renders a stats snapshot (a `stats_reply`) in the Prometheus text format through
/// swift-prometheus's registry, with Airflow-like names where Airflow has a counterpart:
///
/// | metric | from |
/// |---|---|
/// | `updraft_ti_successes_total`, `updraft_ti_failures_total` | tries ended success / failed (worker or executor verdict) |
/// | `updraft_executor_queued_tasks`, `updraft_executor_running_tasks`, `updraft_executor_open_slots` | executor now |
/// | `updraft_queue_queued_tasks{queue}` | waiting tries per queue |
/// | `updraft_pool_queued_slots{pool}`, `updraft_pool_open_slots{pool}` | per pool (open slots when the scheduler reports them) |
/// | `updraft_workers{state}` | registered, draining; `updraft_workers_lost_total` |
/// | `updraft_autoscaler_{spawned,retired,lost,spawn_failures}_total`, `updraft_autoscaler_spawning` | autoscaler |
/// | `updraft_security_rejections_total{kind}` | `handshake` (ZAP refusals), `hello`, `revoked`, `fenced`, `identity` |
/// | `updraft_notifications_{sent,failed,retried}_total` | callback deliveries (scheduler) |
/// | `updraft_ti_queued_to_started_seconds{quantile}`, `updraft_scheduler_handoff_seconds{quantile}` | HDR percentiles (gauges) |
/// | `updraft_wire_messages_total{socket,type,direction}`, `updraft_wire_bytes_total{...}`, `updraft_wire_dropped_frames_total{socket,code}` | sockets |
public enum PrometheusExporter {
    /// The text exposition of `reply`.
    public static func render(_ reply: WireStatsReply) -> String {
        let registry = PrometheusCollectorRegistry()
        let g = reply.gauges
        func value(_ name: String) -> Double { g[name] ?? 0 }
        func counter(_ name: String, _ v: Double, _ labels: [(String, String)] = [], help: String) {
            registry.makeCounter(name: name, labels: labels, help: help).increment(by: Int64(max(0, v.rounded())))
        }
        func gauge(_ name: String, _ v: Double, _ labels: [(String, String)] = [], help: String) {
            registry.makeGauge(name: name, labels: labels, help: help).set(v)
        }
        counter("updraft_ti_successes_total", value("executor.succeeded"), help: "Task instance tries that ended in success.")
        counter("updraft_ti_failures_total", value("executor.failed") + value("executor.failed_by_executor"),
                help: "Task instance tries that failed (on a worker, or declared failed by the executor).")
        let queues = g.filter { $0.key.hasPrefix("executor.queued.") }
        gauge("updraft_executor_queued_tasks", queues.values.reduce(0, +), help: "Tries waiting for a worker slot.")
        for (name, count) in queues.sorted(by: { $0.key < $1.key }) {
            gauge("updraft_queue_queued_tasks", count, [("queue", String(name.dropFirst("executor.queued.".count)))],
                  help: "Tries waiting for a worker slot, per queue.")
        }
        gauge("updraft_executor_running_tasks", value("executor.running"), help: "Tries running on workers.")
        gauge("updraft_executor_open_slots", max(0, value("workers.capacity") - value("workers.busy_slots")),
              help: "Free worker slots.")
        for (name, count) in g.filter({ $0.key.hasPrefix("executor.pool_queued.") }).sorted(by: { $0.key < $1.key }) {
            gauge("updraft_pool_queued_slots", count, [("pool", String(name.dropFirst("executor.pool_queued.".count)))],
                  help: "Tries of a pool waiting for a worker.")
        }
        for (name, count) in g.filter({ $0.key.hasPrefix("pool.open_slots.") }).sorted(by: { $0.key < $1.key }) {
            gauge("updraft_pool_open_slots", count, [("pool", String(name.dropFirst("pool.open_slots.".count)))],
                  help: "Free slots of a pool.")
        }
        gauge("updraft_workers", value("workers.registered"), [("state", "registered")], help: "Workers by state.")
        gauge("updraft_workers", value("workers.draining"), [("state", "draining")], help: "Workers by state.")
        counter("updraft_workers_lost_total", value("executor.lost_workers"), help: "Workers declared lost (missed heartbeats).")
        for name in ["spawned", "retired", "lost", "spawn_failures"] {
            counter("updraft_autoscaler_\(name)_total", value("autoscaler.\(name)"), help: "Autoscaler: workers \(name).")
        }
        counter("updraft_notifications_sent_total", value("notifications.sent"), help: "Callback notifications delivered.")
        counter("updraft_notifications_failed_total", value("notifications.failed"),
                help: "Callback notifications given up on (every attempt failed, render error, queue full).")
        counter("updraft_notifications_retried_total", value("notifications.retried"), help: "Notification attempts that failed and were retried.")
        gauge("updraft_autoscaler_spawning", value("autoscaler.spawning"), help: "Spawned workers not registered yet.")
        for (kind, name) in [("handshake", "zap.refused"), ("hello", "executor.access_refused_hellos"),
                             ("revoked", "executor.revoked_workers"), ("fenced", "executor.fenced_task_messages"),
                             ("identity", "executor.identity_mismatches")] {
            counter("updraft_security_rejections_total", value(name), [("kind", kind)],
                    help: "Refused by the allow-list: CURVE handshakes (unknown key, wrong role), hellos for a queue the key may not serve, revoked workers, task messages about another worker's try, messages under another key.")
        }
        quantiles("updraft_ti_queued_to_started_seconds", "latency.queued_to_started", g, registry,
                  help: "Time from queued to started (HDR percentiles).")
        quantiles("updraft_scheduler_handoff_seconds", "latency.handoff", g, registry,
                  help: "Time from a task's end to its downstream task's start (HDR percentiles).")
        for socket in reply.sockets {
            for type in socket.messageTypes {
                for (direction, messages, bytes) in [("in", type.msgsIn, type.bytesIn), ("out", type.msgsOut, type.bytesOut)] where messages > 0 {
                    let labels = [("socket", socket.name), ("type", type.typeName), ("direction", direction)]
                    counter("updraft_wire_messages_total", Double(messages), labels, help: "Messages per socket and type.")
                    counter("updraft_wire_bytes_total", Double(bytes), labels, help: "Bytes per socket and type.")
                }
            }
            for (code, count) in socket.malformedByCode.sorted(by: { $0.key < $1.key }) {
                counter("updraft_wire_dropped_frames_total", Double(count), [("socket", socket.name), ("code", code)],
                        help: "Inbound frames dropped (malformed, oversized, unknown type, wrong version).")
            }
        }
        return registry.emitToString()
    }

    private static func quantiles(
        _ metric: String, _ prefix: String, _ gauges: [String: Double], _ registry: PrometheusCollectorRegistry, help: String
    ) {
        for (label, quantile) in [("p50", "0.5"), ("p90", "0.9"), ("p99", "0.99")] {
            guard let ms = gauges["\(prefix).\(label)_ms"] else { continue }
            registry.makeGauge(name: metric, labels: [("quantile", quantile)], help: help).set(ms / 1000)
        }
    }
}
