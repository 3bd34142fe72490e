import Foundation
import Testing
import UpdraftCore
import UpdraftPostgresTesting
@testable import UpdraftStore

/// The stores the shared store suite runs against: one test body, each store.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// A SQLite file in a temporary folder.
    case sqlite
    /// A fresh database on the test process's throwaway PostgreSQL server.
    case postgres

    var testDescription: String { rawValue }
}

/// What the shared suite reads of either store beyond ``ManagedStore``.
protocol CountsCommits: ManagedStore {
    func commitTransactionCount() async -> Int
}

extension SQLiteStore: CountsCommits {}
extension PostgresStore: CountsCommits {}

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

    /// A new empty store of `kind`: a SQLite file in a new temporary folder, or a new
    /// database on the shared test PostgreSQL server (a failure to start it fails the test).
    static func store(_ kind: StoreKind) async throws -> any CountsCommits {
        switch kind {
        case .sqlite: return try store()
        case .postgres: return try await PostgresStore.open(try await TestPostgres.shared().freshDatabase())
        }
    }

    /// A new empty store of `kind` for `home`: its `updraft.db`, or a new PostgreSQL database.
    static func store(_ kind: StoreKind, home: UpdraftHome) async throws -> any CountsCommits {
        switch kind {
        case .sqlite: return try SQLiteStore(path: home.databasePath)
        case .postgres: return try await store(.postgres)
        }
    }

    /// A second store on the same file or database (another process, as the CLI beside a scheduler).
    static func reopen(_ store: any ManagedStore) async throws -> any ManagedStore {
        try await store.location.open()
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
