import Foundation
import GRDB

extension SQLiteStore {
    /// The `connected_worker` rows, by worker id.
    public func connectedWorkers() async throws -> [ConnectedWorkerRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM connected_worker ORDER BY worker_id").map(StoreRows.connectedWorker)
        }
    }
}
