import Foundation
import UpdraftRuntime
import UpdraftWire

/// A real stats endpoint (`StatsServer` on tcp) answering `gauges`, and an API fixture
/// whose `GET /stats` asks it; both stopped after `body`.
func withStatsServer(process: String, gauges: [String: Double],
                     _ body: (APIFixture, String) async throws -> Void) async throws {
    let loop = MessageLoop(name: "api-stats-fixture")
    let server = StatsServer(loop: loop, process: process) { gauges }
    let endpoint = try await server.bind("tcp://127.0.0.1:0")
    await server.start()
    let fixture = try await APIFixture.start(statsEndpoint: endpoint)
    var failure: (any Error)?
    do { try await body(fixture, endpoint) } catch { failure = error }
    await fixture.stop()
    await server.close()
    await loop.shutdown()
    if let failure { throw failure }
}
