import Foundation
import Testing
import UpdraftCore

/// A task that fails on its first two tries (reading $UPDRAFT_TRY_NUMBER) and succeeds on
/// the third, with retries=2: it ends success at try_number 3, with a log per try.
@Suite("Integration: retries", .timeLimit(.minutes(2)))
struct RetryTests {
    static let dag = """
        dag_id: it_retry
        schedule: null
        default_args: {retries: 2, retry_delay: 1s}
        tasks:
          - task_id: flaky
            bash: "echo try $UPDRAFT_TRY_NUMBER; if [ $UPDRAFT_TRY_NUMBER -lt 3 ]; then echo failing >&2; exit 1; fi; echo ok"
          - task_id: after
            bash: "echo after flaky"
            upstream: [flaky]
        """

    @Test("fails twice then succeeds with retries=2: try_number 3, success")
    func failsTwiceThenSucceeds() async throws {
        try await withCluster("retry", dags: ["retry.yml": Self.dag]) { cluster in
            try cluster.startScheduler()
            try cluster.startWorker(id: "w1")
            try await cluster.waitForDag("it_retry")
            let runId = try await cluster.trigger("it_retry")
            let run = try await cluster.waitForRun("it_retry", runId)
            let tis = try await cluster.taskInstances("it_retry", runId)
            try await cluster.require(run.state == .success, "run state \(run.state)")
            #expect(tis["flaky"]?.state == .success)
            #expect(tis["flaky"]?.tryNumber == 3)
            #expect(tis["after"]?.state == .success)
            for attempt in 1...3 {
                let path = cluster.logFile("it_retry", runId, "flaky", try: attempt)
                let log = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                #expect(log.contains("try \(attempt)"), "log of try \(attempt) at \(path):\n\(log)")
            }
        }
    }
}
