import Foundation
import Synchronization
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Group commit")
struct GroupCommitTests {
    @Test("1,000 concurrent commits all land in far fewer transactions", arguments: StoreKind.allCases)
    func thousandConcurrentCommits(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        let run = StoreFixtures.run()
        try await store.createDagRun(run)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<1000 {
                group.addTask {
                    var batch = StoreBatch()
                    let ti = StoreFixtures.ti(run, "t\(i)", state: .success, tryNumber: 1)
                    batch.taskInstances = [ti]
                    batch.xcoms = [XComRecord(id: ti.id, value: .int(Int64(i)))]
                    try await store.commit(batch)
                }
            }
            try await group.waitForAll()
        }
        let instances = try await store.taskInstances(dagId: "etl", runId: run.runId)
        #expect(instances.count == 1000)
        #expect(instances.allSatisfy { $0.state == .success })
        #expect(try await store.xcoms(dagId: "etl", runId: run.runId).count == 1000)
        let transactions = await store.commitTransactionCount()
        #expect(transactions >= 1)
        #expect(transactions < 500, "1,000 commits took \(transactions) transactions")
    }

    @Test("a batch that fails fails only its own caller; the others of its group commit")
    func badBatchIsIsolated() async throws {
        let written = Mutex<[String]>([])
        let committer = GroupCommitter { batches in
            // Hold the first transaction a little so that the others queue behind it.
            try await Task.sleep(for: .milliseconds(20))
            if batches.contains(where: { $0.dagRuns.first?.runId == "bad" }) {
                throw StoreError(.invalidArgument, "bad batch")
            }
            written.withLock { $0 += batches.compactMap { $0.dagRuns.first?.runId } }
        }
        let results = await withTaskGroup(of: (String, Bool).self) { group in
            for name in ["a", "b", "bad", "c", "d"] {
                group.addTask {
                    var batch = StoreBatch()
                    batch.dagRuns = [StoreFixtures.run(runId: name)]
                    do {
                        try await committer.commit(batch)
                        return (name, true)
                    } catch {
                        return (name, false)
                    }
                }
            }
            var all: [String: Bool] = [:]
            for await (name, ok) in group { all[name] = ok }
            return all
        }
        #expect(results == ["a": true, "b": true, "bad": false, "c": true, "d": true])
        #expect(written.withLock { $0.sorted() } == ["a", "b", "c", "d"])
        #expect(await committer.batchCount == 4)
    }

    @Test("a bad row in a real commit throws to its caller and writes nothing of its batch", arguments: StoreKind.allCases)
    func badRowInStore(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        var bad = StoreFixtures.run(runId: "bad")
        bad.logicalDate = Date(timeIntervalSince1970: .nan)  // SQLite stores NaN as NULL: NOT NULL fails
        var batch = StoreBatch()
        batch.dagRuns = [StoreFixtures.run(runId: "good", hours: 1), bad]
        await #expect(throws: (any Error).self) { try await store.commit(batch) }
        #expect(try await store.dagRuns(dagId: "etl", states: nil, limit: nil).isEmpty)
    }
}
