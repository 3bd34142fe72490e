import Foundation
import UpdraftCore
import UpdraftStore

/// Airflow's `ExternalTaskMarker`, implicit: clearing tasks of a DAG with `--downstream` also
/// clears, in every DAG whose `external_task` sensor (of this deployment: no `endpoint`)
/// waits for one of the cleared tasks, that sensor and its downstream tasks, in the run whose
/// mapped logical date is the cleared run's (`logical_date - execution_delta` = it). The
/// clear recurses through those DAGs up to ``maxDepth`` levels (Airflow's `recursion_depth`
/// default is 10); a cycle of links stops at tasks already cleared.
enum ExternalTaskMarker {
    /// Airflow's default `recursion_depth`.
    static let maxDepth = 10

    /// A sensor of another DAG that waits for the cleared tasks.
    struct Dependent: Equatable {
        var dagId: String
        var sensorTaskIds: [String]
        /// The sensor's `execution_delta` (its run's logical date is the cleared one plus it).
        var executionDelta: TimeSpan?
    }

    /// One clear done in a linked DAG.
    struct LinkedClear: Codable, Equatable {
        var dagId: String
        var runId: String
        var taskIds: [String]
        var cleared: Int
        var depth: Int

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", runId = "run_id", taskIds = "task_ids", cleared, depth
        }
    }

    /// The sensors in `dags` that wait for any of `cleared` tasks of `dagId` (a whole-run
    /// sensor waits for all of them; a group sensor for the tasks under its group).
    static func dependents(of dagId: String, cleared: Set<String>, in dags: [Dag]) -> [Dependent] {
        var out: [String: Dependent] = [:]
        for dag in dags {
            for task in dag.tasks {
                guard case .sensor(let spec) = task.kind, case .externalTask(let target) = spec.kind,
                      target.externalDagId == dagId, target.endpoint == nil else { continue }
                let hits: Bool
                if !target.externalTaskIds.isEmpty {
                    hits = !cleared.isDisjoint(with: target.externalTaskIds)
                } else if let group = target.externalTaskGroupId {
                    hits = cleared.contains { $0.hasPrefix(group + ".") }
                } else {
                    hits = !cleared.isEmpty
                }
                guard hits else { continue }
                let key = "\(dag.dagId)#\(target.executionDelta?.seconds ?? 0)"
                out[key, default: Dependent(dagId: dag.dagId, sensorTaskIds: [], executionDelta: target.executionDelta)]
                    .sensorTaskIds.append(task.taskId)
            }
        }
        return out.keys.sorted().map { out[$0]! }
    }

    /// Clears the dependents of the tasks `cleared` of run `run`, recursively; returns what
    /// it cleared, in order. `clearDownstream` gives a DAG's tasks downstream of some tasks.
    static func clearLinked(
        from run: DagRunRecord, cleared: Set<String>, dags: [Dag], store: any MetaStore,
        depth: Int = 1, visited: inout Set<String>, downstream: (Set<String>, Dag) -> Set<String>
    ) async throws -> [LinkedClear] {
        guard depth <= maxDepth else { return [] }
        var done: [LinkedClear] = []
        for dependent in dependents(of: run.dagId, cleared: cleared, in: dags) {
            guard let dag = dags.first(where: { $0.dagId == dependent.dagId }) else { continue }
            let date = run.logicalDate.addingTimeInterval(TimeInterval(dependent.executionDelta?.seconds ?? 0))
            let target = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
            guard let linked = try await store.dagRuns(dagId: dag.dagId, states: nil, limit: nil)
                .first(where: { Int64(($0.logicalDate.timeIntervalSince1970 * 1_000_000).rounded()) == target })
            else { continue }
            let roots = Set(dependent.sensorTaskIds)
            let inRun = Set(try await store.taskInstances(dagId: linked.dagId, runId: linked.runId).map(\.id.taskId))
            let selected = roots.union(downstream(roots, dag)).intersection(inRun)
                .filter { visited.insert("\(linked.dagId)#\(linked.runId)#\($0)").inserted }
            guard !selected.isEmpty else { continue }
            let count = try await store.clearTaskInstances(dagId: linked.dagId, runId: linked.runId, taskIds: selected)
            done.append(LinkedClear(dagId: linked.dagId, runId: linked.runId, taskIds: selected.sorted(), cleared: count, depth: depth))
            done += try await clearLinked(from: linked, cleared: selected, dags: dags, store: store, depth: depth + 1,
                                          visited: &visited, downstream: downstream)
        }
        return done
    }
}
