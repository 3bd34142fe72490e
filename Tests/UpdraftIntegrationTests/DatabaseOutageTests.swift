import Foundation
import Testing
import UpdraftCore
import UpdraftPostgresTesting
import UpdraftStore

/// The PostgreSQL server stopped (`pg_ctl stop -m fast`: every connection dropped) in the
/// middle of a run and started again: the scheduler stops dispatching, says so once, waits
/// (retrying with backoff), then carries on; every task instance ends success on its first
/// try, none lost, none run twice.
@Suite("Integration: the PostgreSQL server going away mid-run", .timeLimit(.minutes(3)))
struct DatabaseOutageTests {
    static let tasks = 12

    static var dag: String {
        var text = "dag_id: it_outage\nschedule: null\ntasks:\n"
        for i in 1...tasks {
            text += "  - task_id: t\(i)\n    bash: \"sleep 0.3\"\n"
            if i > 1 { text += "    upstream: [t\(i - 1)]\n" }
        }
        return text
    }

    @Test("stopped for 6 s mid-run: dispatching pauses, one line says so, one says it is back; the run succeeds, each try once")
    func serverStoppedAndStarted() async throws {
        let server = try await TestPostgres.dedicated()
        let location = try await server.freshDatabase()
        let url = location.urlWithPassword
        try await withCluster("db-outage", dags: ["outage.yml": Self.dag]) { cluster in
            let scheduler = try cluster.start("standalone", [
                "standalone", "--dags-folder", cluster.dagsFolder, "--home", cluster.home, "--store", url, "--no-api",
            ])
            let store = try await PostgresStore.open(location)
            _ = try await cluster.waitFor("DAG it_outage registered") {
                try await store.dags().contains { $0.dagId == "it_outage" } ? true : nil
            }
            let trigger = try await cluster.run(["dags", "trigger", "it_outage", "--home", cluster.home, "--store", url])
            try await cluster.require(trigger.status == 0, "trigger: \(trigger.err)")
            let runId = try await cluster.waitFor("two tasks done") { () -> String? in
                guard let run = try await store.dagRuns(dagId: "it_outage", states: nil, limit: 1).first else { return nil }
                let done = try await store.taskInstances(dagId: "it_outage", runId: run.runId).filter { $0.state == .success }
                return done.count >= 2 ? run.runId : nil
            }
            try await server.stopServer()
            try await Task.sleep(for: .seconds(6))
            try await cluster.require(scheduler.exitStatus == nil, "the scheduler kept running without its database\n\(scheduler.diagnostics)")
            try await server.startServer()
            let rows = try await cluster.waitFor("the run to succeed after the restart", timeout: .seconds(90)) {
                () -> [TaskInstanceRecord]? in
                guard try await store.dagRun(dagId: "it_outage", runId: runId)?.state == .success else { return nil }
                return try await store.taskInstances(dagId: "it_outage", runId: runId)
            }
            #expect(rows.count == Self.tasks)
            #expect(rows.allSatisfy { $0.state == .success && $0.tryNumber == 1 },
                    "\(rows.map { "\($0.id.taskId)=\($0.state.rawValue)/\($0.tryNumber)" })")
            let lines = scheduler.stderr.split(separator: "\n")
            let wentAway = lines.filter { $0.contains("metadata store") && ($0.contains("has not answered") || $0.contains(" unreachable: ")) }
            let cameBack = lines.filter { $0.contains("metadata store answering again after") }
            #expect(wentAway.count == 1, "\(scheduler.diagnostics)")
            #expect(cameBack.count == 1, "\(scheduler.diagnostics)")
            #expect(!scheduler.stderr.contains(TestPostgres.password), "the password is masked")
            await store.close()
        }
    }
}
