import Foundation
import Testing
import UpdraftRuntime
import UpdraftServer
import UpdraftWire

@Suite("API: GET /stats")
struct StatsRouteTests {
    @Test("the stats endpoint's snapshot as updraft stats --json prints it: process, gauges, sockets")
    func snapshot() async throws {
        try await withStatsServer(process: "scheduler@test:1", gauges: ["workers.registered": 3, "workers.busy_slots": 2]) { fixture, endpoint in
            let first = try await fixture.client.get("/stats")
            #expect(first.status == 200, "\(first.text)")
            #expect(first.object["process"] as? String == "scheduler@test:1")
            #expect(first.object["endpoint"] as? String == endpoint)
            #expect((first.object["gauges"] as? [String: Any])?["workers.registered"] as? Double == 3)
            let sockets = first.object["sockets"] as? [[String: Any]] ?? []
            #expect(sockets.contains { $0["name"] as? String == "stats ROUTER" })
            // The second request reuses the connection and is counted by the server.
            let second = try await fixture.client.get("/stats")
            let router = (second.object["sockets"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "stats ROUTER" }
            let requests = ((router?["message_types"] as? [String: Any])?["stats_request"] as? [String: Any])?["msgs_in"] as? Int
            #expect(requests == 2, "\(second.text.prefix(400))")
        }
    }

    @Test("no scheduler running for the home: 503 problem JSON saying so")
    func noScheduler() async throws {
        try await withAPI { _, http in
            expectProblem(try await http.get("/stats"), 503, mentioning: "no scheduler is running")
        }
    }
}
