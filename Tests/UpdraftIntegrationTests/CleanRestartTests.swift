import Foundation
import Testing
import UpdraftCore
import UpdraftStore

/// A graceful stop (SIGINT) of `updraft standalone` drains its workers and leaves the tries
/// that were still waiting for a slot `queued`; it writes `HOME/clean-stop`, so the next start
/// re-submits them at once instead of waiting the 10 s recovery grace meant for tries that a
/// live worker might still run.
@Suite("Integration: restart after a clean stop", .timeLimit(.minutes(2)))
struct CleanRestartTests {
    static let dag = """
        dag_id: it_clean
        schedule: null
        tasks:
          - task_id: first
            bash: "sleep 3"
          - task_id: second
            bash: "sleep 3"
          - task_id: third
            bash: "sleep 3"
        """

    /// One spawned worker with one slot and three 3 s tasks: tries wait queued while one
    /// runs. The store lags the executor by a commit: on a loaded machine the poll can read
    /// "running, queued" just as the executor hands the next try to the worker, so the SIGINT
    /// may let one more try finish; with three tasks at least one is still queued then
    /// (two CI flakes with two tasks: a poll missing a 1 s window, then a try dispatched
    /// while the store still said queued).
    static func standalone(_ cluster: Cluster) throws -> ManagedProcess {
        try cluster.start("standalone", [
            "standalone", "--dags-folder", cluster.dagsFolder, "--home", cluster.home,
            "--max-workers", "1", "--worker-concurrency", "1", "--verbose",
        ])
    }

    @Test("queued tries left by SIGINT start at once on the next start; the run succeeds")
    func queuedTriesSkipTheGrace() async throws {
        try await withCluster("clean-restart", dags: ["clean.yml": Self.dag]) { cluster in
            let first = try Self.standalone(cluster)
            try await cluster.waitForDag("it_clean")
            let trigger = try await cluster.run(["dags", "trigger", "it_clean", "--home", cluster.home])
            try await cluster.require(trigger.status == 0, "trigger: \(trigger.err)")
            let store = try cluster.store()
            let runId = try await cluster.waitFor("a task running, another queued") { () -> String? in
                guard let run = try await store.dagRuns(dagId: "it_clean", states: nil, limit: 1).first else { return nil }
                let states = Set(try await store.taskInstances(dagId: "it_clean", runId: run.runId).map(\.state))
                return states.contains(.running) && states.contains(.queued) ? run.runId : nil
            }
            first.signal(SIGINT)
            let exit = await first.waitForExit(timeout: .seconds(30))
            try await cluster.require(exit == 0, "standalone exit \(String(describing: exit))")
            let marker = UpdraftHome.resolve(explicit: cluster.home).cleanStopFile.path
            #expect(FileManager.default.fileExists(atPath: marker))
            let left = try await store.taskInstances(dagId: "it_clean", runId: runId)
            let queued = Set(left.filter { $0.state == .queued }.map(\.id.taskId))
            // Running tries finished (the drain); the rest stayed queued, none failed.
            #expect(!queued.isEmpty, "\(left.map { "\($0.id.taskId)=\($0.state.rawValue)" })")
            #expect(left.allSatisfy { $0.state == .queued || $0.state == .success },
                    "\(left.map { "\($0.id.taskId)=\($0.state.rawValue)" })")

            let restarted = try Self.standalone(cluster)
            let after = try await cluster.waitFor("the queued tries to finish after the restart", timeout: .seconds(60)) {
                () -> [TaskInstanceRecord]? in
                let rows = try await store.taskInstances(dagId: "it_clean", runId: runId)
                return rows.count == 3 && rows.allSatisfy { $0.state == .success } ? rows : nil
            }
            // The recovery skipped the grace: said by the scheduler itself, not guessed from
            // timings (process start and spawn can take seconds on a loaded machine).
            #expect(restarted.stderr.contains("recovery: the previous stop was clean: re-submitting queued tries at once"),
                    "\(restarted.diagnostics)")
            #expect(!restarted.stderr.contains("recovery: waiting"), "\(restarted.diagnostics)")
            #expect(after.filter { queued.contains($0.id.taskId) }.allSatisfy { $0.tryNumber == 1 && $0.startDate != nil })
            #expect(!FileManager.default.fileExists(atPath: marker))  // used up by the start
        }
    }
}
