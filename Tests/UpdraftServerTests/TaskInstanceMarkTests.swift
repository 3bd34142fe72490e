import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: mark one task instance success or failed")
struct TaskInstanceMarkTests {
    static let finished = APIFixture.finishedRun
    static let running = APIFixture.runningRun
    static var base: String { "/dags/etl/dagRuns/\(finished)/taskInstances" }

    @Test("PATCH new_state on a finished run's instance changes it (and only it); the run's state stays; dry_run changes nothing")
    func mark() async throws {
        try await withAPI { fixture, http in
            let before = try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished)
            let dry = try await http.patch(Self.base + "/load", #"{"new_state": "success", "dry_run": true}"#)
            #expect(dry.status == 200 && dry.object["state"] as? String == "success", "\(dry.text)")
            #expect(Set(try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished)) == Set(before))
            // The cached list is not served once the store changed.
            #expect(try await http.get(Self.base + "/load").object["state"] as? String == "failed")
            let listed = try await http.get(Self.base)
            #expect(listed.list("task_instances").first { $0["task_id"] as? String == "load" }?["state"] as? String == "failed")

            let answer = try await http.patch(Self.base + "/load", #"{"new_state": "success"}"#)
            #expect(answer.status == 200 && answer.object["state"] as? String == "success", "\(answer.text)")
            let after = Dictionary(uniqueKeysWithValues: try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished)
                .map { ($0.id.taskId, $0.state) })
            let old = Dictionary(uniqueKeysWithValues: before.map { ($0.id.taskId, $0.state) })
            #expect(after["load"] == .success)
            #expect(after.filter { $0.key != "load" } == old.filter { $0.key != "load" })
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.finished)?.state == .success)
            let relisted = try await http.get(Self.base)
            #expect(relisted.list("task_instances").first { $0["task_id"] as? String == "load" }?["state"] as? String == "success")
            #expect(try await http.patch(Self.base + "/extract", #"{"new_state": "failed"}"#).object["state"] as? String == "failed")
            #expect(try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished).first { $0.id.taskId == "extract" }?.state == .failed)
        }
    }

    @Test("an instance of a running run is a 409 and nothing changes")
    func runningRun() async throws {
        try await withAPI { fixture, http in
            let before = try await fixture.store.taskInstances(dagId: "etl", runId: Self.running)
            let answer = try await http.patch("/dags/etl/dagRuns/\(Self.running)/taskInstances/extract", #"{"new_state": "success"}"#)
            expectProblem(answer, 409, mentioning: "is running")
            #expect(Set(try await fixture.store.taskInstances(dagId: "etl", runId: Self.running)) == Set(before))
        }
    }

    @Test("bad input: 400/404, nothing changes", arguments: [
        ("/load", #"{"new_state": "running"}"#, 400, "must be success or failed"),
        ("/load", #"{"new_state": 1}"#, 400, "must be a string"),
        ("/load", #"{}"#, 400, "missing required field 'new_state'"),
        ("/load", #"{"new_state": "success", "state": "x"}"#, 400, "unknown field 'state'"),
        ("/load", #"{"new_state": "success", "dry_run": "no"}"#, 400, "must be a boolean"),
        ("/load", #"[1]"#, 400, "object"),
        ("/load?map_index=2", #"{"new_state": "success"}"#, 404, "map_index 2"),
        ("/nope", #"{"new_state": "success"}"#, 404, "no task 'nope'"),
    ])
    func badInput(suffix: String, body: String, status: Int, mention: String) async throws {
        try await withAPI { fixture, http in
            let before = try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished)
            expectProblem(try await http.patch(Self.base + suffix, body), status, mentioning: mention)
            #expect(Set(try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished)) == Set(before))
        }
    }
}
