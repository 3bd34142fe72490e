import Foundation
import UpdraftCore
import UpdraftStore

/// One triggered run under chaos: watches the evidence (noting when the processes of
/// unfinished tries go away), tells when the run has ended, and checks the end state against
/// the store and the evidence. Failures carry the monkey's report (seed and what it did).
/// Used by one test task only (not Sendable).
final class ChaosRun {
    let cluster: Cluster
    let dag: ChaosDag
    let runId: String
    let monkey: ChaosMonkey
    private var exits = ExitWatch()
    private let store: any MetaStore

    /// Watches `runId` of `dag`, reading `store` (default: the cluster's SQLite file).
    init(cluster: Cluster, dag: ChaosDag, runId: String, monkey: ChaosMonkey, store: (any MetaStore)? = nil) throws {
        self.cluster = cluster
        self.dag = dag
        self.runId = runId
        self.monkey = monkey
        self.store = try store ?? cluster.store()
    }

    var evidencePath: String { cluster.scratch + "/" + ChaosDag.evidenceFile }
    var evidence: String { (try? String(contentsOfFile: evidencePath, encoding: .utf8)) ?? "" }
    var ledger: TryLedger { TryLedger(text: evidence, gone: exits.gone) }

    /// Whether some line of the evidence starts with `prefix` (e.g. "f0" for a fan-out task).
    func started(_ prefix: String) -> Bool {
        evidence.split(separator: "\n").contains { $0.hasPrefix(prefix) && $0.contains(" start ") }
    }

    /// Notes the exits of unfinished tries; call often (every 100 ms or so).
    func watch() { exits.poll(ledger.openPids) }

    /// Sleeps `duration` in 100 ms steps, watching.
    func pause(_ duration: Duration) async throws {
        let end = ContinuousClock.now + duration
        while ContinuousClock.now < end {
            watch()
            try await Task.sleep(for: min(.milliseconds(100), end - ContinuousClock.now))
        }
    }

    /// Waits (watching) until `condition` holds, or throws after `timeout`.
    func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await pause(.milliseconds(100))
        }
        throw await fail("timed out after \(timeout) waiting for \(what)")
    }

    /// The run's record, when it has ended.
    func ended() async -> DagRunRecord? {
        guard let run = try? await store.dagRun(dagId: dag.dagId, runId: runId), run.state.isFinished else { return nil }
        return run
    }

    /// Throws with `message`, the monkey's report, the evidence's path and the diagnostics.
    func fail(_ message: String) async -> ClusterError {
        ClusterError("""
            CHAOS FAILURE (\(dag.dagId), chaos seed \(monkey.seed)): \(message)
            evidence: \(evidencePath)
            \(monkey.report)
            \(await cluster.diagnostics())
            """)
    }

    /// Waits (watching) until the run ends, or throws after `timeout`.
    func waitForEnd(timeout: Duration) async throws -> DagRunRecord {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let run = await ended() { return run }
            try await pause(.milliseconds(300))
        }
        throw await fail("the run did not end within \(timeout)")
    }

    /// Checks the end: the run succeeded; every task instance of the DAG exists and is
    /// terminal and `success`; the evidence agrees with the store (``TryLedger/problems(store:)``).
    /// Waits up to 10 s for the processes of unfinished tries to go first (a killed worker's
    /// orphans may still run). Returns the ledger.
    @discardableResult
    func verify() async throws -> TryLedger {
        let grace = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < grace, !exits.running(ledger.openPids).isEmpty {
            try await pause(.milliseconds(100))
        }
        watch()
        let run = try await waitForEnd(timeout: .seconds(1))
        let records = try await store.taskInstances(dagId: dag.dagId, runId: runId)
        var problems: [String] = []
        if run.state != .success { problems.append("run state \(run.state.rawValue), expected success") }
        let notTerminal = records.filter { !$0.state.isFinished }
        if !notTerminal.isEmpty {
            problems.append("\(notTerminal.count) task instances not terminal: "
                + notTerminal.map { "\($0.id.taskId) \($0.state.rawValue) try \($0.tryNumber)" }.joined(separator: ", "))
        }
        let failed = records.filter { $0.state.isFinished && $0.state != .success }
        if !failed.isEmpty {
            problems.append("\(failed.count) task instances ended other than success: "
                + failed.map { "\($0.id.taskId) \($0.state.rawValue) try \($0.tryNumber) \($0.errorMessage ?? "")" }.joined(separator: "; "))
        }
        let ids = Set(records.map(\.id.taskId))
        let missing = Set(dag.taskIds).subtracting(ids)
        if !missing.isEmpty { problems.append("task instances missing from the store: \(missing.sorted())") }
        let stored = Dictionary(records.map {
            ("\($0.id.taskId):\($0.id.mapIndex)", TryLedger.StoredInstance(state: $0.state.rawValue, tryNumber: $0.tryNumber, pid: $0.pid))
        }, uniquingKeysWith: { a, _ in a })
        let ledger = self.ledger
        problems += ledger.problems(store: stored)
        let stillRunning = exits.running(ledger.openPids)
        if !stillRunning.isEmpty { problems.append("processes of tries with no end line still run: \(stillRunning.sorted())") }
        if !problems.isEmpty { throw await fail(problems.joined(separator: "\n")) }
        return ledger
    }

    /// One line for the test's output: tries, retries, tries cut short.
    func summary(_ ledger: TryLedger) async -> String {
        let records = (try? await store.taskInstances(dagId: dag.dagId, runId: runId)) ?? []
        let retried = records.filter { $0.tryNumber > 1 }.count
        let cut = ledger.tries.filter { $0.end == nil }.count
        let outlived = ledger.outlived(killed: monkey.killed)
        let longest = outlived.map(\.1).max().map { String(format: " (by up to %.2f s)", $0) } ?? ""
        return "\(dag.dagId) seed \(monkey.seed): \(records.count) instances, \(ledger.tries.count) tries seen, "
            + "\(retried) instances retried, \(cut) tries cut short, \(outlived.count) tries outlived their SIGKILLed worker\(longest), "
            + "\(String(format: "%.1f", monkey.elapsed)) s\n\(monkey.report)"
    }
}
