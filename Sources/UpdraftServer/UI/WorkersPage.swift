import Foundation
import Hummingbird
import UpdraftRuntime

/// `/workers`: the message flow, from the scheduler's stats snapshot (`GET /api/v1/stats`):
/// workers and their slots, tries queued per queue and pool, latency percentiles, and
/// messages per type with their rates. The page asks for a new snapshot every 2 s (the
/// stats endpoint answers requests; it is not an event stream) and updates the numbers in
/// place; without a scheduler it says so.
enum WorkersPage {
    /// The gauges shown at the top, with their labels.
    static let headline: [(key: String, label: String)] = [
        ("workers.registered", "workers"), ("workers.busy_slots", "busy slots"), ("workers.capacity", "slots"),
        ("workers.draining", "draining"), ("executor.running", "running"), ("executor.lost_workers", "lost workers"),
        ("autoscaler.spawned", "spawned"), ("autoscaler.retired", "retired"),
        ("latency.handoff.p50_ms", "hand-off p50 ms"), ("latency.handoff.p99_ms", "hand-off p99 ms"),
        ("latency.queued_to_started.p50_ms", "queued→started p50 ms"),
        ("latency.sensor_reaction.p50_ms", "sensor reaction p50 ms"),
    ]

    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        var h = "<h1>Workers and message flow</h1>"
        let report: StatsReport
        do {
            report = try await backend.stats.snapshot()
        } catch let problem as APIProblem {
            h += "<p class=muted id=stats-missing>\(HTML.escape(problem.detail))</p>"
            return UIPage.response(UIPage.render(title: "Workers", page: "workers", viewer: viewer, body: h))
        }
        h += "<p class=muted>\(HTML.escape(report.process)) · <span id=stats-at>\(HTML.escape(report.collectedAt))</span></p>"
        h += "<dl class=gauges id=gauges>"
        for (key, label) in headline {
            let value = report.gauges[key].map(Self.number) ?? "–"
            h += "<div><dt>\(HTML.escape(label))</dt><dd data-gauge=\"\(HTML.escape(key))\">\(value)</dd></div>"
        }
        h += "</dl><h2>Queued</h2><table class=list id=queued><thead><tr><th>Queue or pool</th><th>Tries</th></tr></thead><tbody>"
        for (key, value) in report.gauges.sorted(by: { $0.key < $1.key })
            where key.hasPrefix("executor.queued.") || key.hasPrefix("executor.pool_queued.") {
            h += "<tr><td>\(HTML.escape(key))</td><td data-gauge=\"\(HTML.escape(key))\">\(Self.number(value))</td></tr>"
        }
        h += "</tbody></table><h2>Messages</h2><table class=list id=messages><thead><tr><th>Type</th><th>In</th><th>Out</th>"
        h += "<th>In/s</th><th>Out/s</th></tr></thead><tbody>"
        for (name, traffic) in report.messageTypes.sorted(by: { ($0.value.code, $0.key) < ($1.value.code, $1.key) }) {
            h += "<tr data-type=\"\(HTML.escape(name))\"><td>\(HTML.escape(name))</td><td>\(traffic.msgsIn)</td>"
                + "<td>\(traffic.msgsOut)</td><td>–</td><td>–</td></tr>"
        }
        h += "</tbody></table>"
        return UIPage.response(UIPage.render(title: "Workers", page: "workers", viewer: viewer, body: h))
    }

    /// A gauge as shown: an integer without decimals, else two.
    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
    }
}
