import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): run digests of the DAG list")
struct StoreRunDigestTests {
    @Test("one read gives what dagRuns(limit:) and latestDagRun(.scheduled) give per DAG; a DAG without runs is empty", arguments: StoreKind.allCases)
    func sameAsPerDag(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var batch = StoreBatch()
        for hours in stride(from: 0.0, to: 8, by: 1) {
            batch.dagRuns.append(StoreFixtures.run("a", hours: hours, state: .success, type: hours == 7 ? .manual : .scheduled))
        }
        batch.dagRuns.append(StoreFixtures.run("b", hours: 1, state: .running, type: .manual))
        try await store.commit(batch)
        let digests = try await store.runDigests(dagIds: ["a", "b", "none"], limit: 5)
        for dagId in ["a", "b", "none"] {
            #expect(digests[dagId]?.recent == (try await store.dagRuns(dagId: dagId, states: nil, limit: 5)), "\(dagId)")
            #expect(digests[dagId]?.latestScheduled == (try await store.latestDagRun(dagId: dagId, runType: .scheduled)), "\(dagId)")
        }
        #expect(digests["a"]?.recent.count == 5 && digests["a"]?.latestScheduled?.logicalDate == StoreFixtures.date(hours: 6))
        #expect(digests["b"]?.latestScheduled == nil && digests["none"]?.recent.isEmpty == true)
        #expect(try await store.runDigests(dagIds: [], limit: 5).isEmpty)
    }
}

@Suite("Store (SQLite and PostgreSQL): task instance states of the grid")
struct StoreTaskInstanceStatesTests {
    @Test("one read gives each run's (task, map index, state) as taskInstances(dagId:runId:) does; other DAGs and runs left out; a run without instances is empty", arguments: StoreKind.allCases)
    func sameAsPerRun(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let a = StoreFixtures.run("a", hours: 1, state: .running), b = StoreFixtures.run("a", hours: 2, state: .success)
        let other = StoreFixtures.run("z", hours: 1, state: .running), empty = StoreFixtures.run("a", hours: 3)
        var batch = StoreBatch()
        batch.dagRuns = [a, b, other, empty]
        batch.taskInstances = [
            StoreFixtures.ti(a, "extract", state: .success), StoreFixtures.ti(a, "copy", mapIndex: 1, state: .failed),
            StoreFixtures.ti(a, "copy", mapIndex: 0, state: .running), StoreFixtures.ti(b, "extract", state: .upForRetry),
            StoreFixtures.ti(other, "extract", state: .queued),
        ]
        try await store.commit(batch)
        let states = try await store.taskInstanceStates(dagId: "a", runIds: [a.runId, b.runId, empty.runId, "missing"])
        for run in [a, b, empty] {
            let expected = try await store.taskInstances(dagId: "a", runId: run.runId).map {
                TaskInstanceStateRow(runId: run.runId, taskId: $0.id.taskId, mapIndex: $0.id.mapIndex, state: $0.state)
            }
            #expect(states[run.runId] == expected, "\(run.runId)")
        }
        #expect(states[a.runId]?.map(\.mapIndex) == [0, 1, -1])
        #expect(states[empty.runId] == [] && states["missing"] == [])
        #expect(states.values.flatMap { $0 }.allSatisfy { $0.state != .queued })
        #expect(try await store.taskInstanceStates(dagId: "a", runIds: []).isEmpty)
    }
}
