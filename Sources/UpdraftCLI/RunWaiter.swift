import Foundation
import UpdraftCore
import UpdraftStore

/// Waits for a DAG run to end by reading the store every `interval` (cheap: one indexed
/// row), so it works with a scheduler in another process, or none yet (the run waits).
struct RunWaiter: Sendable {
    /// Time between two reads.
    var interval: Duration = .milliseconds(100)

    /// The run once its state is success or failed; nil when `timeout` passes first.
    /// Throws when the run disappears (deleted) or the store fails.
    func wait(store: any MetaStore, dagId: String, runId: String, timeout: Duration?) async throws -> DagRunRecord? {
        let clock = ContinuousClock()
        let deadline = timeout.map { clock.now + $0 }
        while true {
            guard let run = try await store.dagRun(dagId: dagId, runId: runId) else {
                throw RunWaiterError(message: "run '\(runId)' of DAG '\(dagId)' no longer exists in the store")
            }
            if run.state.isFinished { return run }
            if let deadline, clock.now >= deadline { return nil }
            try await Task.sleep(for: interval)
        }
    }
}

/// The run being waited for vanished.
struct RunWaiterError: Error, CustomStringConvertible {
    /// What happened.
    var message: String
    /// The message.
    var description: String { message }
}
