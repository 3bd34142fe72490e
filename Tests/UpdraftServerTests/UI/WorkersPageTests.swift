import Foundation
import Testing
import UpdraftRuntime
import UpdraftServer
import UpdraftWire

@Suite("UI: the workers and message-flow page")
struct WorkersPageTests {
    @Test("the stats snapshot's workers, queues, latencies and message types, escaped; linked from every page")
    func snapshot() async throws {
        let gauges: [String: Double] = ["workers.registered": 3, "workers.busy_slots": 2, "workers.capacity": 8,
                                        "executor.queued.etl": 5, "latency.handoff.p50_ms": 0.375]
        try await withStatsServer(process: "scheduler@<b>host</b>:1", gauges: gauges) { fixture, _ in
            let page = try await fixture.client.ui.get("/workers")
            #expect(page.status == 200 && page.type.hasPrefix("text/html"))
            #expect(page.text.contains("data-gauge=\"workers.registered\">3<"), "\(page.text.prefix(2000))")
            #expect(page.text.contains("data-gauge=\"workers.capacity\">8<"))
            #expect(page.text.contains("data-gauge=\"latency.handoff.p50_ms\">0.38<") || page.text.contains("data-gauge=\"latency.handoff.p50_ms\">0.37<"))
            #expect(page.text.contains("<td>executor.queued.etl</td><td data-gauge=\"executor.queued.etl\">5</td>"))
            #expect(page.text.contains("<tr data-type=\"stats_request\">"))
            #expect(page.text.contains("scheduler@&lt;b&gt;host&lt;/b&gt;:1") && !page.text.contains("<b>host</b>"))
            #expect(try await fixture.client.ui.get("/").text.contains("<a href=\"/workers\">Workers</a>"))
        }
    }

    @Test("no scheduler running: the page says so (200), no error page")
    func noScheduler() async throws {
        try await withAPI { _, client in
            let page = try await client.ui.get("/workers")
            #expect(page.status == 200)
            #expect(page.text.contains("id=stats-missing") && page.text.contains("no scheduler is running"))
        }
    }
}
