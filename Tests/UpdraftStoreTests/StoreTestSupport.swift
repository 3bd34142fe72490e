import Foundation
import UpdraftCore
@testable import UpdraftStore

/// Temporary folders and sample records for the store tests.
enum StoreFixtures {
    /// A fresh empty temporary folder.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A new store in a new temporary folder.
    static func store() throws -> SQLiteStore {
        try SQLiteStore(path: temporaryFolder().appendingPathComponent("updraft.db").path)
    }

    /// 2026-11-01T00:00:00Z plus `hours`.
    static func date(hours: Double = 0) -> Date {
        Date(timeIntervalSince1970: 1_793_491_200 + hours * 3600)
    }

    /// A run of `dagId` at `date(hours:)`.
    static func run(_ dagId: String = "etl", runId: String? = nil, hours: Double = 0,
                    state: DagRunState = .queued, type: DagRunType = .scheduled) -> DagRunRecord {
        let logical = date(hours: hours)
        return DagRunRecord(dagId: dagId, runId: runId ?? type.runId(logicalDate: logical), logicalDate: logical,
                            dataIntervalStart: logical, dataIntervalEnd: logical.addingTimeInterval(3600),
                            state: state, runType: type, queuedAt: logical)
    }

    /// A task instance of `run`.
    static func ti(_ run: DagRunRecord, _ taskId: String, mapIndex: Int = -1,
                   state: TaskInstanceState = .none, tryNumber: Int = 0, maxTries: Int = 0) -> TaskInstanceRecord {
        TaskInstanceRecord(id: TaskInstanceID(dagId: run.dagId, runId: run.runId, taskId: taskId, mapIndex: mapIndex),
                           state: state, tryNumber: tryNumber, maxTries: maxTries)
    }
}
