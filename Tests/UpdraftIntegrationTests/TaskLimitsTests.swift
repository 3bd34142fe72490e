import Foundation
import Testing
import UpdraftCore

/// Limits a worker enforces, seen from outside: execution_timeout kills the task's whole
/// process group, and an XCom over the inline limit fails the task with a clear message.
@Suite("Integration: execution_timeout and XCom size", .timeLimit(.minutes(2)))
struct TaskLimitsTests {
    static let dag = """
        dag_id: it_limits
        schedule: null
        tasks:
          - task_id: too_slow
            bash: "sleep 1000 & echo $! > SCRATCH/background.pid; sleep 1000"
            execution_timeout: 2s
          - task_id: too_big
            bash: "head -c 70000 /dev/zero | tr '\\\\0' x; echo"
        """

    /// True when `pid` no longer runs (gone, or a zombie waiting to be reaped).
    static func isGone(_ pid: Int32) -> Bool {
        if kill(pid, 0) != 0 { return errno == ESRCH }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        // Field 3 (after the parenthesised name) is the state; Z = zombie, X = dead.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].split(separator: " ").first ?? ""
        return state == "Z" || state == "X"
    }

    @Test("execution_timeout kills the background child too; oversize XCom fails with the limit in the message")
    func timeoutAndOversizeXCom() async throws {
        try await withCluster("limits", dags: ["limits.yml": Self.dag]) { cluster in
            try cluster.startScheduler()
            try cluster.startWorker(id: "w1")
            try await cluster.waitForDag("it_limits")
            let runId = try await cluster.trigger("it_limits")
            let run = try await cluster.waitForRun("it_limits", runId)
            let tis = try await cluster.taskInstances("it_limits", runId)
            #expect(run.state == .failed)
            let slow = try #require(tis["too_slow"])
            #expect(slow.state == .failed)
            #expect(slow.errorMessage?.contains("execution_timeout") == true, "error: \(slow.errorMessage ?? "nil")")
            let pidText = try String(contentsOfFile: cluster.scratch + "/background.pid", encoding: .utf8)
            let pid = try #require(Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)))
            let gone = try await cluster.waitFor("background sleep \(pid) to be gone", timeout: .seconds(60)) {
                Self.isGone(pid) ? true : nil
            }
            #expect(gone)
            let big = try #require(tis["too_big"])
            #expect(big.state == .failed)
            let message = big.errorMessage ?? ""
            #expect(message.contains("over the inline limit") && message.contains("65536"), "error: \(message)")
        }
    }
}
