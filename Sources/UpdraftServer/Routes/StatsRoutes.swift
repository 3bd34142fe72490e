import Foundation
import Hummingbird

/// `GET /stats`: the scheduler's stats snapshot, the same document as `updraft stats
/// --json` (sockets, message types, gauges: workers, busy slots, queues, latencies).
/// 503 when no scheduler answers.
enum StatsRoutes {
    static var all: [APIRoute] {
        [APIRoute(.get, "/stats", stats)]
    }

    static func stats(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        try JSONResponse.make(try await backend.stats.snapshot())
    }
}
