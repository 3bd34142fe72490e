import Foundation
import Testing
import UpdraftCore
import UpdraftServer
import UpdraftStore

@Suite("API: DAG runs")
struct DagRunRouteTests {
    static let finished = APIFixture.finishedRun
    static let running = APIFixture.runningRun

    @Test("GET dagRuns lists runs newest first, filters by state, pages; unknown DAG is a 404")
    func list() async throws {
        try await withAPI { _, http in
            let all = try await http.get("/dags/etl/dagRuns")
            #expect(all.status == 200)
            #expect(all.object["total_entries"] as? Int == 2)
            #expect(all.list("dag_runs").compactMap { $0["dag_run_id"] as? String } == [Self.running, Self.finished])
            let first = all.list("dag_runs").last ?? [:]
            #expect(first["state"] as? String == "success")
            #expect(first["logical_date"] as? String == "2026-11-01T00:00:00+00:00")
            #expect((first["conf"] as? [String: Any])?["limit"] as? Int == 5)
            let success = try await http.get("/dags/etl/dagRuns?state=success")
            #expect(success.list("dag_runs").compactMap { $0["dag_run_id"] as? String } == [Self.finished])
            let paged = try await http.get("/dags/etl/dagRuns?limit=1&offset=1")
            #expect(paged.list("dag_runs").compactMap { $0["dag_run_id"] as? String } == [Self.finished])
            expectProblem(try await http.get("/dags/etl/dagRuns?state=done"), 400, mentioning: "'done'")
            expectProblem(try await http.get("/dags/nope/dagRuns"), 404, mentioning: "no DAG 'nope'")
        }
    }

    @Test("POST dagRuns triggers a queued manual run with the conf and logical date, as `dags trigger` does")
    func trigger() async throws {
        try await withAPI { fixture, http in
            let answer = try await http.post("/dags/etl/dagRuns",
                                              #"{"conf": {"limit": 7, "tables": ["a"]}, "logical_date": "2026-11-03T00:00:00Z"}"#)
            #expect(answer.status == 200, "\(answer.text)")
            #expect(answer.object["dag_run_id"] as? String == "manual__2026-11-03T00:00:00+00:00")
            #expect(answer.object["state"] as? String == "queued")
            #expect(answer.object["run_type"] as? String == "manual")
            let stored = try await fixture.store.dagRun(dagId: "etl", runId: "manual__2026-11-03T00:00:00+00:00")
            #expect(stored?.conf == ["limit": .int(7), "tables": .array([.string("a")])])
            #expect(stored?.state == .queued)
            // The data interval comes from the DAG's timetable (@daily): the day before.
            #expect(stored?.dataIntervalStart == APIFixture.date(hours: 24))
            // No body field at all: logical date now, empty conf.
            let bare = try await http.post("/dags/etl/dagRuns", "{}")
            #expect(bare.status == 200)
            #expect(bare.object["logical_date"] as? String == "2026-11-01T12:00:00+00:00")
            let named = try await http.post("/dags/etl/dagRuns", #"{"dag_run_id": "my_run", "logical_date": "2026-11-04"}"#)
            #expect(named.object["dag_run_id"] as? String == "my_run")
        }
    }

    @Test("POST dagRuns with bad input: 400/404/409 problems and no run created", arguments: [
        (#"{"conf": [1, 2]}"#, 400, "'conf' must be a JSON object"),
        (#"{"conf": "limit=5"}"#, 400, "'conf' must be a JSON object"),
        (#"{"logical_date": "yesterday"}"#, 400, "'logical_date'"),
        (#"{"logical_date": 20261101}"#, 400, "must be a string"),
        (#"{"dag_run_id": "a/b"}"#, 400, "dag_run_id"),
        (#"{"dag_run_id": "..x"}"#, 400, "dag_run_id"),
        (#"{"note": "hi"}"#, 400, "unknown field 'note'"),
        (#"{"conf": {"a": 1}"#, 400, "not valid JSON"),
        (#"{"conf": {"a": 1},}"#, 400, "not valid JSON"),
        (#"{"logical_date": "2026-11-01T00:00:00Z"}"#, 409, "already has a run"),
        (#"{"dag_run_id": "scheduled__2026-11-01T00:00:00+00:00"}"#, 409, "already has a run"),
    ])
    func triggerBadInput(body: String, status: Int, mention: String) async throws {
        try await withAPI { fixture, http in
            let answer = try await http.post("/dags/etl/dagRuns", body)
            #expect(answer.isProblem(status, mentioning: mention), "\(answer.status) \(answer.text)")
            #expect(try await fixture.store.dagRuns(dagId: "etl", states: nil, limit: nil).count == 2)
        }
    }

    @Test("POST dagRuns on an unknown DAG is a 404; a body over 1 MiB is a 413")
    func triggerUnknownAndTooLarge() async throws {
        try await withAPI { fixture, http in
            expectProblem(try await http.post("/dags/nope/dagRuns", "{}"), 404, mentioning: "no DAG 'nope'")
            let big = #"{"conf": {"blob": ""# + String(repeating: "x", count: (1 << 20) + 10) + #""}}"#
            let answer = try await http.post("/dags/etl/dagRuns", big)
            #expect(answer.isProblem(413, mentioning: "1 MiB"), "\(answer.status) \(answer.text.prefix(200))")
            #expect(try await fixture.store.dagRuns(dagId: "etl", states: nil, limit: nil).count == 2)
        }
    }

    @Test("GET one run; unknown run or DAG is a 404 naming it")
    func getOne() async throws {
        try await withAPI { _, http in
            let answer = try await http.get("/dags/etl/dagRuns/\(Self.finished)")
            #expect(answer.status == 200)
            #expect(answer.object["dag_run_id"] as? String == Self.finished)
            #expect(answer.object["end_date"] as? String == "2026-11-01T01:00:00+00:00")
            expectProblem(try await http.get("/dags/etl/dagRuns/nope"), 404, mentioning: "no run 'nope'")
            expectProblem(try await http.get("/dags/nope/dagRuns/x"), 404, mentioning: "no DAG 'nope'")
        }
    }

    @Test("PATCH a finished run to failed and back to success (its failed instances become success)")
    func mark() async throws {
        try await withAPI { fixture, http in
            let failed = try await http.patch("/dags/etl/dagRuns/\(Self.finished)", #"{"state": "failed"}"#)
            #expect(failed.status == 200)
            #expect(failed.object["state"] as? String == "failed")
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.finished)?.state == .failed)
            let success = try await http.patch("/dags/etl/dagRuns/\(Self.finished)", #"{"state": "success"}"#)
            #expect(success.object["state"] as? String == "success")
            let states = try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished).map(\.state)
            #expect(Set(states) == [.success])
        }
    }

    @Test("PATCH a run with a bad state is a 400; a running run is a 409 and nothing changes")
    func markBad() async throws {
        try await withAPI { fixture, http in
            do {
                let answer = try await http.patch("/dags/etl/dagRuns/\(Self.finished)", #"{"state": "running"}"#)
                #expect(answer.isProblem(400, mentioning: "success or failed"))
            }
            do {
                let answer = try await http.patch("/dags/etl/dagRuns/\(Self.finished)", #"{"state": 1}"#)
                #expect(answer.isProblem(400, mentioning: "must be a string"))
            }
            do {
                let answer = try await http.patch("/dags/etl/dagRuns/\(Self.finished)", #"{"state": "failed", "x": 1}"#)
                #expect(answer.isProblem(400, mentioning: "unknown field 'x'"))
            }
            do {
                let answer = try await http.patch("/dags/etl/dagRuns/\(Self.running)", #"{"state": "success"}"#)
                #expect(answer.isProblem(409, mentioning: "is running"))
            }
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.running)?.state == .running)
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.finished)?.state == .success)
            expectProblem(try await http.patch("/dags/etl/dagRuns/nope", #"{"state": "failed"}"#), 404, mentioning: "nope")
        }
    }

    @Test("DELETE a finished run: 204, then 404; a running run is a 409 and stays")
    func delete() async throws {
        try await withAPI { fixture, http in
            let answer = try await http.delete("/dags/etl/dagRuns/\(Self.finished)")
            #expect(answer.status == 204)
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.finished) == nil)
            #expect(try await fixture.store.taskInstances(dagId: "etl", runId: Self.finished).isEmpty)
            expectProblem(try await http.delete("/dags/etl/dagRuns/\(Self.finished)"), 404, mentioning: "no run")
            expectProblem(try await http.delete("/dags/etl/dagRuns/\(Self.running)"), 409, mentioning: "is running")
            #expect(try await fixture.store.dagRun(dagId: "etl", runId: Self.running) != nil)
        }
    }
}
