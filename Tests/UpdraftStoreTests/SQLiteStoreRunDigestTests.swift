import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("SQLiteStore: run digests of the DAG list")
struct SQLiteStoreRunDigestTests {
    @Test("one read gives what dagRuns(limit:) and latestDagRun(.scheduled) give per DAG; a DAG without runs is empty")
    func sameAsPerDag() async throws {
        let store = try StoreFixtures.store()
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
