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
            bash: "sleep 4"
          - task_id: second
            bash: "sleep 4"
        """

    /// One spawned worker with one slot: one task waits queued while the other runs (4 s
    /// each, so that the test sees that moment and the SIGINT lands while it lasts even when
    /// the machine is busy, whichever of the two the executor dispatches first: with 1 s for
    /// `second`, a CI run dispatched it first and the poll missed its 1 s window).
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
            let runId = try await cluster.waitFor("one task running, the other queued") { () -> String? in
                guard let run = try await store.dagRuns(dagId: "it_clean", states: nil, limit: 1).first else { return nil }
                let states = Set(try await store.taskInstances(dagId: "it_clean", runId: run.runId).map(\.state))
                return states == [.running, .queued] ? run.runId : nil
            }
            first.signal(SIGINT)
            let exit = await first.waitForExit(timeout: .seconds(30))
            try await cluster.require(exit == 0, "standalone exit \(String(describing: exit))")
            let marker = UpdraftHome.resolve(explicit: cluster.home).cleanStopFile.path
            #expect(FileManager.default.fileExists(atPath: marker))
            let left = try await store.taskInstances(dagId: "it_clean", runId: runId)
            #expect(left.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.queued, .success])

            let restarted = try Self.standalone(cluster)
            let second = try await cluster.waitFor("the queued try to finish after the restart", timeout: .seconds(60)) {
                () -> TaskInstanceRecord? in
                try await store.taskInstances(dagId: "it_clean", runId: runId).first { $0.state == .success && $0.id.taskId != left.first { $0.state == .success }?.id.taskId }
            }
            #expect(second.startDate != nil)
            // The recovery skipped the grace: said by the scheduler itself, not guessed from
            // timings (process start and spawn can take seconds on a loaded machine).
            #expect(restarted.stderr.contains("recovery: the previous stop was clean: re-submitting queued tries at once"),
                    "\(restarted.diagnostics)")
            #expect(!restarted.stderr.contains("recovery: waiting"), "\(restarted.diagnostics)")
            #expect(second.tryNumber == 1)
            #expect(!FileManager.default.fileExists(atPath: marker))  // used up by the start
        }
    }
}
