import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Store (SQLite and PostgreSQL): connected workers")
struct StoreWorkersTests {
    func worker(_ id: String, pid: Int = 10) -> ConnectedWorkerRecord {
        ConnectedWorkerRecord(workerId: id, hostname: "host-\(id)", pid: pid, joinedAt: StoreFixtures.date(hours: 1))
    }

    @Test("joins are upserted and departures deleted in the scheduler's batches; the rows survive reopening", arguments: StoreKind.allCases)
    func joinAndLeave(_ kind: StoreKind) async throws {
        let store = try await StoreFixtures.store(kind)
        #expect(try await store.connectedWorkers().isEmpty)
        var batch = StoreBatch()
        batch.workersJoined = [worker("w2"), worker("w1")]
        #expect(!batch.isEmpty)
        try await store.commit(batch)
        var again = StoreBatch()
        again.workersJoined = [worker("w1", pid: 11)]  // restarted with the same id
        again.workersLeft = ["w2", "never-there"]
        try await store.commit(again)
        #expect(try await store.connectedWorkers() == [worker("w1", pid: 11)])
        let reopened = try await StoreFixtures.reopen(store)
        #expect(try await reopened.connectedWorkers() == [worker("w1", pid: 11)])
    }
}
