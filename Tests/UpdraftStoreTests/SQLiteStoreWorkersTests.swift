import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("SQLiteStore: connected workers")
struct SQLiteStoreWorkersTests {
    func worker(_ id: String, pid: Int = 10) -> ConnectedWorkerRecord {
        ConnectedWorkerRecord(workerId: id, hostname: "host-\(id)", pid: pid, joinedAt: StoreFixtures.date(hours: 1))
    }

    @Test("joins are upserted and departures deleted in the scheduler's batches; the rows survive reopening")
    func joinAndLeave() async throws {
        let folder = try StoreFixtures.temporaryFolder()
        let path = folder.appendingPathComponent("updraft.db").path
        let store = try SQLiteStore(path: path)
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
        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.connectedWorkers() == [worker("w1", pid: 11)])
    }
}
