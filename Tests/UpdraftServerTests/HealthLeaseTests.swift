import Foundation
import Testing
import UpdraftLoader
import UpdraftPostgresTesting
import UpdraftServer
import UpdraftStore

/// `GET /health` on a PostgreSQL store: the scheduler is the holder of the scheduler lease
/// (several schedulers may share the store), shown with its host, executor and token.
@Suite("API: health on a store several schedulers share")
struct HealthLeaseTests {
    @Test("no lease yet: unhealthy; held: healthy with host, pid, executor, token, standby seen; released: unhealthy")
    func leaseHolder() async throws {
        let location = try await TestPostgres.shared().freshDatabase()
        let store = try await PostgresStore.open(location)
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-health-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let server = try APIServer(host: "127.0.0.1", port: 0,
                                   backend: APIBackend(store: store, home: UpdraftHome(root: root), catalog: DagCatalog(loader: { _ in nil })),
                                   auth: .none)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task { try await server.run { port in continuation.yield(port) } }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let http = HTTPClient(port: try #require(await iterator.next()))
        func scheduler() async throws -> [String: Any] {
            let health = try await http.get("/health")
            #expect(health.status == 200)
            return health.object["scheduler"] as? [String: Any] ?? [:]
        }
        #expect(try await scheduler()["status"] as? String == "unhealthy")
        let active = SchedulerCandidate(holder: "s1:42:x", hostname: "s1", pid: 42, executorEndpoint: "tcp://s1:7811")
        let lease = try #require(try await store.acquireSchedulerLease(active, ttl: .seconds(30)))
        let standby = SchedulerCandidate(holder: "s2:43:y", hostname: "s2", pid: 43, executorEndpoint: "tcp://s2:7811")
        #expect(try await store.acquireSchedulerLease(standby, ttl: .seconds(30)) == nil)
        let held = try await scheduler()
        #expect(held["status"] as? String == "healthy")
        #expect(held["hostname"] as? String == "s1" && held["pid"] as? Int == 42)
        #expect(held["executor_endpoint"] as? String == "tcp://s1:7811" && held["lease_token"] as? Int == 1)
        #expect((held["lease_seconds_left"] as? Double).map { $0 > 25 && $0 <= 30 } == true, "\(held)")
        #expect((held["standby_seen_seconds_ago"] as? Double).map { $0 >= 0 && $0 < 10 } == true, "\(held)")
        try await store.releaseSchedulerLease(lease)
        let released = try await scheduler()
        #expect(released["status"] as? String == "unhealthy" && released["lease_seconds_left"] as? Double == 0)
        await store.close()
    }
}
