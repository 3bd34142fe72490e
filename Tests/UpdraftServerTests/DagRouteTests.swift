import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: health, version, DAGs, import errors")
struct DagRouteTests {
    @Test("health reports the store healthy and no scheduler; version is Updraft's")
    func healthAndVersion() async throws {
        try await withAPI { _, http in
            let health = try await http.get("/health")
            #expect(health.status == 200)
            #expect((health.object["metadatabase"] as? [String: Any])?["status"] as? String == "healthy")
            #expect((health.object["scheduler"] as? [String: Any])?["status"] as? String == "unhealthy")
            let version = try await http.get("/version")
            #expect(version.status == 200)
            #expect(version.object["version"] as? String == UpdraftVersion.string)
        }
    }

    @Test("GET /dags lists every DAG with schedule, next run, paused flag and recent run states")
    func list() async throws {
        try await withAPI { _, http in
            let answer = try await http.get("/dags")
            #expect(answer.status == 200)
            #expect(answer.contentType.hasPrefix("application/json"))
            #expect(answer.object["total_entries"] as? Int == 2)
            let dags = answer.list("dags")
            #expect(dags.map { $0["dag_id"] as? String } == ["etl", "idle"])
            let etl = dags[0]
            #expect(etl["schedule"] as? String == "@daily")
            #expect(etl["is_paused"] as? Bool == false)
            #expect(etl["next_dagrun"] as? String == "2026-11-01T00:00:00+00:00" || etl["next_dagrun"] as? String == "2026-11-02T00:00:00+00:00")
            #expect((etl["tags"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == ["etl", "example"])
            let recent = etl["recent_dag_runs"] as? [[String: Any]] ?? []
            #expect(recent.compactMap { $0["state"] as? String } == ["running", "success"])
            #expect(recent.first?["dag_run_id"] as? String == APIFixture.runningRun)
            #expect(dags[1]["is_paused"] as? Bool == true)
            #expect(dags[1]["next_dagrun"] == nil)  // no schedule: no next run
        }
    }

    @Test("GET /dags pages with limit/offset and filters by tags and paused")
    func listFilters() async throws {
        try await withAPI { _, http in
            let page = try await http.get("/dags?limit=1&offset=1")
            #expect(page.list("dags").map { $0["dag_id"] as? String } == ["idle"])
            #expect(page.object["total_entries"] as? Int == 2)
            let tagged = try await http.get("/dags?tags=other")
            #expect(tagged.list("dags").map { $0["dag_id"] as? String } == ["idle"])
            let either = try await http.get("/dags?tags=etl&tags=other")
            #expect(either.object["total_entries"] as? Int == 2)
            let paused = try await http.get("/dags?paused=false")
            #expect(paused.list("dags").map { $0["dag_id"] as? String } == ["etl"])
            expectProblem(try await http.get("/dags?limit=0"), 400, mentioning: "limit")
            expectProblem(try await http.get("/dags?offset=-1"), 400, mentioning: "offset")
            expectProblem(try await http.get("/dags?paused=maybe"), 400, mentioning: "paused")
        }
    }

    @Test("GET /dags/{dag_id} has the tasks and the edges; an unknown DAG is a 404 naming it")
    func detail() async throws {
        try await withAPI { _, http in
            let answer = try await http.get("/dags/etl")
            #expect(answer.status == 200)
            #expect(answer.object["dag_id"] as? String == "etl")
            let tasks = answer.list("tasks")
            #expect(tasks.compactMap { $0["task_id"] as? String } == ["extract", "transform", "load", "audit"])
            #expect(tasks.first?["downstream_task_ids"] as? [String] == ["transform", "audit"])
            let edges = Set(answer.list("edges").map { "\($0["source_id"] as? String ?? "")>\($0["target_id"] as? String ?? "")" })
            #expect(edges == ["extract>transform", "transform>load", "extract>audit"])
            expectProblem(try await http.get("/dags/nope"), 404, mentioning: "no DAG 'nope'")
            expectProblem(try await http.get("/dags/etk"), 404, mentioning: "did you mean 'etl'")
        }
    }

    @Test("PATCH /dags/{dag_id} pauses and unpauses; the store changes")
    func pause() async throws {
        try await withAPI { fixture, http in
            let answer = try await http.patch("/dags/etl", #"{"is_paused": true}"#)
            #expect(answer.status == 200)
            #expect(answer.object["is_paused"] as? Bool == true)
            #expect(try await fixture.store.dags().first { $0.dagId == "etl" }?.isPaused == true)
            _ = try await http.patch("/dags/etl", #"{"is_paused": false}"#)
            #expect(try await fixture.store.dags().first { $0.dagId == "etl" }?.isPaused == false)
            expectProblem(try await http.patch("/dags/nope", #"{"is_paused": true}"#), 404, mentioning: "nope")
        }
    }

    @Test("PATCH /dags/{dag_id} with bad bodies: 400, nothing changed", arguments: [
        (#"{"is_paused": tru"#, "not valid JSON"),
        (#"{"is_paused": "yes"}"#, "must be a boolean"),
        (#"{"is_paused": 1}"#, "must be a boolean"),
        (#"{"is_paused": null}"#, "missing required field 'is_paused'"),
        (#"{"is_paused": true, "owner": "x"}"#, "unknown field 'owner'"),
        (#"{}"#, "missing required field 'is_paused'"),
        (#"[true]"#, "must be a JSON object"),
        ("", "empty"),
    ])
    func pauseBadBodies(body: String, mention: String) async throws {
        try await withAPI { fixture, http in
            let answer = try await http.patch("/dags/etl", body)
            #expect(answer.isProblem(400, mentioning: mention), "\(answer.status) \(answer.text)")
            #expect(try await fixture.store.dags().first { $0.dagId == "etl" }?.isPaused == false)
        }
    }

    @Test("GET /importErrors lists the files that did not load")
    func importErrors() async throws {
        try await withAPI { _, http in
            let answer = try await http.get("/importErrors")
            #expect(answer.status == 200)
            #expect(answer.object["total_entries"] as? Int == 1)
            let first = answer.list("import_errors").first
            #expect((first?["filename"] as? String)?.hasSuffix("broken.yml") == true)
            #expect((first?["stack_trace"] as? String)?.contains("unknown key 'tsks'") == true)
        }
    }
}
