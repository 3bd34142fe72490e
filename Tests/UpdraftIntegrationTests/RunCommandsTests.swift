import Foundation
import Testing
import UpdraftCore

/// The run-level CLI commands as a user runs them: `dags trigger --wait` exit codes
/// against a live scheduler, `dags test --json` output shape, `dags backfill` run ids,
/// and bad inputs (unknown DAG, bad conf JSON, bad dates) with their messages.
@Suite("Integration: run commands", .timeLimit(.minutes(2)))
struct RunCommandsTests {
    static let good = """
        dag_id: it_good
        schedule: "@daily"
        start_date: 2026-01-01
        tasks:
          - task_id: hello
            bash: "echo hello {{ params.who }}"
          - task_id: bye
            bash: "echo bye"
            upstream: [hello]
        params: {who: world}
        """
    static let bad = """
        dag_id: it_bad
        schedule: null
        tasks:
          - task_id: boom
            bash: "echo about to fail; exit 3"
          - task_id: never
            bash: "echo never"
            upstream: [boom]
        """

    @Test("trigger --wait exits 0 for a successful run and 1 for a failed one, printing each task's state")
    func triggerWaitExitCodes() async throws {
        try await withCluster("trigger-wait", dags: ["good.yml": Self.good, "bad.yml": Self.bad]) { cluster in
            try cluster.startScheduler()
            try cluster.startWorker(id: "w1")
            try await cluster.waitForDag("it_good")
            try await cluster.waitForDag("it_bad")
            let ok = try await cluster.run(["dags", "trigger", "it_good", "--home", cluster.home, "--wait",
                                            "--conf", #"{"who": "tests"}"#, "--timeout", "60"])
            try await cluster.require(ok.status == 0, "exit \(ok.status): \(ok.out) \(ok.err)")
            #expect(ok.out.contains("hello") && ok.out.contains("success"), "\(ok.out)")
            let failed = try await cluster.run(["dags", "trigger", "it_bad", "--home", cluster.home, "--wait",
                                                "--timeout", "60"])
            #expect(failed.status == 1, "exit \(failed.status): \(failed.out) \(failed.err)")
            #expect(failed.out.contains("upstream_failed"), "\(failed.out)")
            #expect(failed.out.contains("failed"), "\(failed.out)")
            // The conf reached the template.
            let store = try cluster.store()
            let runs = try await store.dagRuns(dagId: "it_good", states: nil, limit: nil)
            let manual = try #require(runs.first { $0.runType == .manual })
            #expect(manual.conf["who"] == .string("tests"))
            let log = try String(contentsOfFile: cluster.logFile("it_good", manual.runId, "hello", try: 1), encoding: .utf8)
            #expect(log.contains("hello tests"), "\(log)")
        }
    }

    @Test("dags test --json prints exactly task_id, map_index, state, try_number, duration per task instance")
    func dagsTestJSONShape() async throws {
        try await withCluster("dags-test", dags: ["good.yml": Self.good, "bad.yml": Self.bad]) { cluster in
            let result = try await cluster.run(["dags", "test", "it_good", "--dags-folder", cluster.dagsFolder, "--json"])
            try await cluster.require(result.status == 0, "exit \(result.status): \(result.out) \(result.err)")
            let list = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]])
            #expect(list.count == 2)
            for object in list {
                #expect(Set(object.keys) == ["task_id", "map_index", "state", "try_number", "duration"])
                #expect(object["state"] as? String == "success")
                #expect(object["duration"] is NSNumber)
            }
            #expect(list.compactMap { $0["task_id"] as? String } == ["hello", "bye"])
            let failed = try await cluster.run(["dags", "test", "it_bad", "--dags-folder", cluster.dagsFolder, "--json"])
            #expect(failed.status == 1)
            let states = try #require(try JSONSerialization.jsonObject(with: Data(failed.out.utf8)) as? [[String: Any]])
            #expect(states.compactMap { $0["state"] as? String } == ["failed", "upstream_failed"])
        }
    }

    @Test("backfill creates one run per logical date in range, and skips the ones that exist")
    func backfillRunIds() async throws {
        try await withCluster("backfill", dags: ["good.yml": Self.good]) { cluster in
            let args = ["dags", "backfill", "it_good", "--start", "2026-01-01", "--end", "2026-01-03",
                        "--dags-folder", cluster.dagsFolder, "--home", cluster.home]
            let first = try await cluster.run(args)
            try await cluster.require(first.status == 0, "exit \(first.status): \(first.err)")
            let ids = ["backfill__2026-01-01T00:00:00+00:00", "backfill__2026-01-02T00:00:00+00:00",
                       "backfill__2026-01-03T00:00:00+00:00"]
            #expect(first.out.split(separator: "\n").map(String.init) == ids.map { "created \($0)" })
            let again = try await cluster.run(args + ["--end", "2026-01-04", "--json"])
            let output = try #require(try JSONSerialization.jsonObject(with: Data(again.out.utf8)) as? [String: [String]])
            #expect(output["created"] == ["backfill__2026-01-04T00:00:00+00:00"])
            #expect(output["existing"] == ids)
            let runs = try await cluster.store().dagRuns(dagId: "it_good", states: nil, limit: nil)
            #expect(runs.count == 4)
            #expect(runs.allSatisfy { $0.runType == .backfill && $0.state == .queued })
        }
    }

    @Test("bad inputs: unknown DAG, bad conf JSON, bad dates — clear errors, nothing created")
    func badInputs() async throws {
        try await withCluster("bad-inputs", dags: ["good.yml": Self.good]) { cluster in
            let home = cluster.home
            // The store learns the DAG through a backfill (needs no scheduler).
            _ = try await cluster.run(["dags", "backfill", "it_good", "--start", "2026-01-01", "--end", "2026-01-01",
                                       "--dags-folder", cluster.dagsFolder, "--home", home])
            let unknown = try await cluster.run(["dags", "trigger", "it_goood", "--home", home])
            #expect(unknown.status == 1)
            #expect(unknown.err.contains("no DAG 'it_goood'") && unknown.err.contains("did you mean 'it_good'"), "\(unknown.err)")
            let conf = try await cluster.run(["dags", "trigger", "it_good", "--home", home, "--conf", #"{"a": 1,, }"#])
            #expect(conf.status != 0)
            #expect(conf.err.contains("--conf") && conf.err.contains("line 1, column 9"), "\(conf.err)")
            let notObject = try await cluster.run(["dags", "trigger", "it_good", "--home", home, "--conf", "[1]"])
            #expect(notObject.status != 0 && notObject.err.contains("JSON object"), "\(notObject.err)")
            let date = try await cluster.run(["dags", "trigger", "it_good", "--home", home, "--logical-date", "2026-13-01"])
            #expect(date.status != 0 && date.err.contains("invalid --logical-date '2026-13-01'"), "\(date.err)")
            let range = try await cluster.run(["dags", "backfill", "it_good", "--start", "2026-02-01", "--end", "2026-01-01",
                                               "--dags-folder", cluster.dagsFolder, "--home", home])
            #expect(range.status != 0 && range.err.contains("before --start"), "\(range.err)")
            let garbage = try await cluster.run(["dags", "backfill", "it_good", "--start", "yesterday", "--end", "2026-01-01",
                                                 "--dags-folder", cluster.dagsFolder, "--home", home])
            #expect(garbage.status != 0 && garbage.err.contains("invalid --start 'yesterday'"), "\(garbage.err)")
            let runs = try await cluster.store().dagRuns(dagId: "it_good", states: nil, limit: nil)
            #expect(runs.map(\.runId) == ["backfill__2026-01-01T00:00:00+00:00"])
        }
    }
}
