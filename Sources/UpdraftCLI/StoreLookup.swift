import Foundation
import UpdraftCore
import UpdraftStore

/// Checks that what a command names exists in the store, printing an error that names
/// the input (and close matches) when it does not.
enum StoreLookup {
    /// True when the store knows `dagId` (parsed by a scheduler, paused, or with runs);
    /// otherwise prints an error and returns false.
    static func requireDag(_ dagId: String, in store: some MetaStore, io: CommandIO) async throws -> Bool {
        let known = try await store.dags().map(\.dagId)
        if known.contains(dagId) { return true }
        if try await !store.dagRuns(dagId: dagId, states: nil, limit: 1).isEmpty { return true }
        let hint = Suggestion.closest(to: dagId, in: known).map { " (did you mean '\($0)'?)" } ?? ""
        io.err("error: no DAG '\(dagId)' in the metadata store\(hint); a scheduler records DAGs when it parses "
            + "the DAG folder")
        return false
    }

    /// The run, or nil after printing an error naming the DAG and run (and the DAG's
    /// latest run ids).
    static func requireRun(dagId: String, runId: String, in store: some MetaStore,
                           io: CommandIO) async throws -> DagRunRecord? {
        if let run = try await store.dagRun(dagId: dagId, runId: runId) { return run }
        let recent = try await store.dagRuns(dagId: dagId, states: nil, limit: 20).map(\.runId)
        if recent.isEmpty {
            io.err("error: DAG '\(dagId)' has no run '\(runId)' (it has no runs in the metadata store)")
        } else {
            let hint = Suggestion.closest(to: runId, in: recent).map { "did you mean '\($0)'? " } ?? ""
            io.err("error: DAG '\(dagId)' has no run '\(runId)' (\(hint)see `updraft runs list \(dagId)`)")
        }
        return nil
    }
}
