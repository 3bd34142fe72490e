import Foundation
import Testing
import UpdraftCore

/// A worker SIGKILLed while it runs a task: the executor declares it lost (missed
/// heartbeats), the try fails into its retry policy, the retry runs on the other worker
/// and the run succeeds. The first try sleeps 90 s so the kill always lands while it runs (with
/// `sleep 4`, a loaded CI machine once saw it running so late that it finished before the kill).
@Suite("Integration: worker killed mid-task", .timeLimit(.minutes(2)))
struct WorkerCrashTests {
    static let dag = """
        dag_id: it_worker_crash
        schedule: null
        default_args: {retries: 2, retry_delay: 1s}
        tasks:
          - task_id: long
            bash: "echo $UPDRAFT_TRY_NUMBER >> SCRATCH/long.started; if [ $UPDRAFT_TRY_NUMBER = 1 ]; then sleep 90; else sleep 1; fi; echo done"
          - task_id: after
            bash: "echo after"
            upstream: [long]
        """

    @Test("SIGKILL the worker running the task → retried on the other worker, run succeeds")
    func killedWorkerTaskRetriesElsewhere() async throws {
        try await withCluster("worker-crash", dags: ["crash.yml": Self.dag]) { cluster in
            try cluster.startScheduler()
            let workers = ["wa": try cluster.startWorker(id: "wa", concurrency: 2),
                           "wb": try cluster.startWorker(id: "wb", concurrency: 2)]
            try await cluster.waitForDag("it_worker_crash")
            let runId = try await cluster.trigger("it_worker_crash")
            let store = try cluster.store()
            let first = try await cluster.waitFor("long running on a worker") {
                let tis = try await store.taskInstances(dagId: "it_worker_crash", runId: runId)
                return tis.first { $0.id.taskId == "long" && $0.state == .running && $0.workerId != nil }
            }
            let victim = try #require(first.workerId)
            let victimProcess = try #require(workers[victim], "worker id \(victim) is none of ours")
            victimProcess.signal(SIGKILL)
            let run = try await cluster.waitForRun("it_worker_crash", runId)
            let tis = try await cluster.taskInstances("it_worker_crash", runId)
            try await cluster.require(run.state == .success, "run state \(run.state)")
            let long = try #require(tis["long"])
            #expect(long.state == .success)
            #expect(long.tryNumber >= 2)
            #expect(long.workerId != nil && long.workerId != victim, "retry ran on \(long.workerId ?? "-"), killed \(victim)")
            #expect(tis["after"]?.state == .success)
        }
    }

    static let orphanDag = """
        dag_id: it_worker_orphan
        schedule: null
        tasks:
          - task_id: quiet
            bash: "sleep 120"
        """

    @Test("SIGKILL the worker: its guardian kills the task it ran (a sleep that writes nothing does not run on)")
    func killedWorkerTakesItsTasksAlong() async throws {
        try await withCluster("worker-orphan", dags: ["orphan.yml": Self.orphanDag]) { cluster in
            try cluster.startScheduler()
            let worker = try cluster.startWorker(id: "wq", concurrency: 1)
            try await cluster.waitForDag("it_worker_orphan")
            let runId = try await cluster.trigger("it_worker_orphan")
            let store = try cluster.store()
            let running = try await cluster.waitFor("quiet running with its pid") {
                try await store.taskInstances(dagId: "it_worker_orphan", runId: runId)
                    .first { $0.id.taskId == "quiet" && $0.state == .running && ($0.pid ?? 0) > 0 }
            }
            let pid = Int32(try #require(running.pid))
            try await cluster.require(ProcTable.isRunning(pid), "the task's process \(pid) does not run")
            worker.signal(SIGKILL)
            let gone = try await cluster.waitFor("the task's process \(pid) to end after its worker was killed", timeout: .seconds(30)) {
                ProcTable.isRunning(pid) ? nil : true
            }
            #expect(gone)
        }
    }
}
