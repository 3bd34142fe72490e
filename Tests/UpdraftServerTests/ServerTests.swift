import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API server: binding and routing errors")
struct ServerTests {
    @Test("without authentication a host that is not loopback is refused at start with a clear error; with users it is allowed",
          arguments: ["0.0.0.0", "10.1.2.3", "example.com", "::"])
    func refusesNonLoopback(host: String) async throws {
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-api-\(UUID().uuidString)"))
        let store = try SQLiteStore(path: home.databasePath)
        let backend = APIBackend(store: store, home: home, catalog: DagCatalog { _ in nil })
        #expect(throws: APIServerError.self) { try APIServer(host: host, port: 0, backend: backend, auth: .none) }
        do {
            _ = try APIServer(host: host, port: 0, backend: backend, auth: .none)
        } catch {
            #expect(error.description.contains("refusing to serve the API on '\(host)' without authentication"))
            #expect(error.description.contains("--api-auth users"))
        }
        #expect(throws: Never.self) { try APIServer(host: host, port: 0, backend: backend, auth: .users) }
        #expect(throws: Never.self) { try APIServer(host: host, port: 0, backend: backend) }
        #expect(throws: APIServerError.self) { try APIServer(host: "127.0.0.1", port: 70000, backend: backend) }
        #expect(APIServer.isLoopback("127.0.0.1") && APIServer.isLoopback("::1") && APIServer.isLoopback("localhost"))
        try? FileManager.default.removeItem(at: home.root)
    }

    @Test("an unknown route is a problem-JSON 404; a known path with another method a 405 with Allow")
    func unknownRoutes() async throws {
        try await withAPI { _, http in
            expectProblem(try await http.get("/nothing"), 404, mentioning: "no route GET /api/v1/nothing")
            expectProblem(try await http.get("/dags/etl/nothing"), 404, mentioning: "no route GET")
            let put = try await http.send("PUT", "/dags", body: Data("{}".utf8))
            expectProblem(put, 405, mentioning: "PUT is not served at /api/v1/dags (allowed: GET)")
            #expect(put.allow == "GET")
            let delete = try await http.delete("/pools")
            expectProblem(delete, 405, mentioning: "allowed: GET, POST")
            expectProblem(try await http.send("TRACE", "/version"), 405, mentioning: "allowed: GET")
            let run = try await http.send("POST", "/dags/etl/dagRuns/x", body: Data("{}".utf8))
            #expect(run.allow == "GET, PATCH, DELETE")
        }
    }

    @Test("two servers on port 0 get different free ports")
    func freePorts() async throws {
        let a = try await APIFixture.start()
        let b = try await APIFixture.start()
        #expect(a.port != b.port && a.port > 0 && b.port > 0)
        #expect(try await a.client.get("/version").status == 200)
        #expect(try await b.client.get("/version").status == 200)
        await a.stop()
        await b.stop()
    }
}
