import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: task instances, tries, XComs, clear")
struct TaskInstanceRouteTests {
    static let finished = APIFixture.finishedRun
    static let running = APIFixture.runningRun
    static var base: String { "/dags/etl/dagRuns/\(finished)/taskInstances" }

    @Test("GET taskInstances of a run, one instance, its tries")
    func read() async throws {
        try await withAPI { _, http in
            let list = try await http.get(Self.base)
            #expect(list.status == 200)
            #expect(list.object["total_entries"] as? Int == 4)
            #expect(Set(list.list("task_instances").compactMap { $0["task_id"] as? String }) == ["extract", "transform", "load", "audit"])
            let one = try await http.get(Self.base + "/load")
            #expect(one.object["state"] as? String == "failed")
            #expect(one.object["map_index"] as? Int == -1)
            #expect(one.object["try_number"] as? Int == 1)
            #expect(one.object["dag_run_id"] as? String == Self.finished)
            let tries = try await http.get(Self.base + "/extract/tries")
            #expect(tries.list("task_instances").compactMap { $0["try_number"] as? Int } == [1, 2])
            #expect(tries.list("task_instances").last?["state"] as? String == "success")
            let paged = try await http.get(Self.base + "?limit=2")
            #expect(paged.list("task_instances").count == 2)
        }
    }

    @Test("unknown run, task or map index: 404 naming it")
    func notFound() async throws {
        try await withAPI { _, http in
            expectProblem(try await http.get(Self.base + "/nope"), 404, mentioning: "no task 'nope'")
            expectProblem(try await http.get(Self.base + "/lod"), 404, mentioning: "did you mean 'load'")
            expectProblem(try await http.get(Self.base + "/load?map_index=3"), 404, mentioning: "map_index 3")
            expectProblem(try await http.get(Self.base + "/load?map_index=x"), 400, mentioning: "map_index")
            expectProblem(try await http.get("/dags/etl/dagRuns/nope/taskInstances"), 404, mentioning: "no run 'nope'")
            expectProblem(try await http.get("/dags/nope/dagRuns/x/taskInstances/y/tries"), 404, mentioning: "no DAG 'nope'")
        }
    }

    @Test("XComs of a task instance: list and one key; unknown key is a 404")
    func xcoms() async throws {
        try await withAPI { _, http in
            let list = try await http.get(Self.base + "/extract/xcomEntries")
            #expect(list.status == 200)
            #expect(list.object["total_entries"] as? Int == 1)
            let entry = list.list("xcom_entries").first ?? [:]
            #expect(entry["key"] as? String == "return_value")
            #expect((entry["value"] as? [String: Any])?["rows"] as? Int == 42)
            let one = try await http.get(Self.base + "/extract/xcomEntries/return_value")
            #expect((one.object["value"] as? [String: Any])?["rows"] as? Int == 42)
            #expect(try await http.get(Self.base + "/load/xcomEntries").object["total_entries"] as? Int == 0)
            expectProblem(try await http.get(Self.base + "/extract/xcomEntries/other"), 404, mentioning: "no XCom 'other'")
        }
    }

    @Test("clear with include_downstream resets the task and its downstream; the run goes back to queued")
    func clearDownstream() async throws {
        try await withAPI { fixture, http in
            let answer = try await http.post("/dags/etl/clearTaskInstances",
                                              #"{"dag_run_id": "\#(Self.finished)", "task_ids": ["transform"], "include_downstream": true}"#)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(Set(answer.list("task_instances").compactMap { $0["task_id"] as? String }) == ["transform", "load"])
            let byTask = Dictionary(uniqueKeysWithValues: try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished)
                .map { ($0.id.taskId, $0.state) })
            #expect(byTask == ["extract": .success, "transform": .none, "load": .none, "audit": .upstreamFailed])
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.finished)?.state == .queued)
        }
    }

    @Test("clear with include_upstream; dry_run changes nothing; no task_ids clears the whole run")
    func clearUpstreamAndDryRun() async throws {
        try await withAPI { fixture, http in
            let dry = try await http.post("/dags/etl/clearTaskInstances",
                                          #"{"dag_run_id": "\#(Self.finished)", "task_ids": ["audit"], "include_upstream": true, "dry_run": true}"#)
            #expect(dry.status == 200)
            #expect(dry.object["dry_run"] as? Bool == true)
            #expect(Set(dry.list("task_instances").compactMap { $0["task_id"] as? String }) == ["audit", "extract"])
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.finished)?.state == .success)
            #expect(try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished).allSatisfy { $0.state != .none })
            let all = try await http.post("/dags/etl/clearTaskInstances", #"{"dag_run_id": "\#(Self.finished)"}"#)
            #expect(all.object["total_entries"] as? Int == 4)
            #expect(try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished).allSatisfy { $0.state == .none })
        }
    }

    @Test("clear touching a running instance is a 409 naming it, and nothing changes")
    func clearRunning() async throws {
        try await withAPI { fixture, http in
            let before = try await fixture.store.taskInstances(dagId: "etl", runId: Self.running)
            let answer = try await http.post("/dags/etl/clearTaskInstances",
                                              #"{"dag_run_id": "\#(Self.running)", "task_ids": ["extract", "load"]}"#)
            #expect(answer.isProblem(409, mentioning: "'extract' is running"), "\(answer.text)")
            let after = try await fixture.store.taskInstances(dagId: "etl", runId: Self.running)
            #expect(Set(after) == Set(before))
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.running)?.state == .running)
        }
    }

    @Test("clear with bad input: 400/404 and nothing changes", arguments: [
        (#"{"task_ids": ["load"]}"#, 400, "missing required field 'dag_run_id'"),
        (#"{"dag_run_id": "RUN", "task_ids": "load"}"#, 400, "must be a list of strings"),
        (#"{"dag_run_id": "RUN", "task_ids": [1]}"#, 400, "must be a list of strings"),
        (#"{"dag_run_id": "RUN", "include_downstream": "yes"}"#, 400, "must be a boolean"),
        (#"{"dag_run_id": "RUN", "only_failed": true}"#, 400, "unknown field 'only_failed'"),
        (#"{"dag_run_id": "RUN", "task_ids": ["nope"]}"#, 404, "no task 'nope'"),
        (#"{"dag_run_id": "nope"}"#, 404, "no run 'nope'"),
    ])
    func clearBadInput(body: String, status: Int, mention: String) async throws {
        try await withAPI { fixture, http in
            let answer = try await http.post("/dags/etl/clearTaskInstances", body.replacingOccurrences(of: "RUN", with: Self.finished))
            #expect(answer.isProblem(status, mentioning: mention), "\(answer.status) \(answer.text)")
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.finished)?.state == .success)
            #expect(try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished).allSatisfy { $0.state != .none })
        }
    }

    @Test("clear on an unknown DAG is a 404")
    func clearUnknownDag() async throws {
        try await withAPI { _, http in
            expectProblem(try await http.post("/dags/nope/clearTaskInstances", #"{"dag_run_id": "x"}"#), 404, mentioning: "no DAG 'nope'")
        }
    }
}
