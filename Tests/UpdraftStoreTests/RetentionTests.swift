import Foundation
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("Retention (SQLite and PostgreSQL)")
struct RetentionTests {
    @Test("deletes old finished runs, their log folders and old log files; keeps the rest", arguments: StoreKind.allCases)
    func clean(_ kind: StoreKind) async throws {
        let home = UpdraftHome(root: try StoreFixtures.temporaryFolder())
        let store = try await StoreFixtures.store(kind)
        let now = StoreFixtures.date(hours: 24 * 40)
        var old = StoreFixtures.run(hours: 0, state: .success)
        old.endDate = StoreFixtures.date(hours: 1)
        var recent = StoreFixtures.run(hours: 24 * 39, state: .success)
        recent.endDate = StoreFixtures.date(hours: 24 * 39 + 1)
        var batch = StoreBatch()
        batch.dagRuns = [old, recent]
        try await store.commit(batch)

        func writeLog(_ run: DagRunRecord, _ task: String, modified: Date) throws -> URL {
            let file = home.logFile(for: TaskInstanceID(dagId: run.dagId, runId: run.runId, taskId: task), tryNumber: 1)
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("log\n".utf8).write(to: file)
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file.path)
            return file
        }
        // The old run's logs are fresh files (deleted with the run); the recent run has one
        // stale file (deleted by age) and one fresh file (kept).
        let oldLog = try writeLog(old, "a", modified: now)
        let staleLog = try writeLog(recent, "stale", modified: StoreFixtures.date(hours: 0))
        let freshLog = try writeLog(recent, "fresh", modified: now)

        let report = try await Retention().clean(store: store, home: home, now: now)
        #expect(report.runsDeleted == 1)
        #expect(report.logFilesDeleted == 2)
        #expect(report.cutoff == now.addingTimeInterval(-30 * 86_400))
        #expect(!FileManager.default.fileExists(atPath: oldLog.path))
        #expect(!FileManager.default.fileExists(atPath: home.runLogsFolder(dagId: "etl", runId: old.runId).path))
        #expect(!FileManager.default.fileExists(atPath: staleLog.deletingLastPathComponent().path))
        #expect(FileManager.default.fileExists(atPath: freshLog.path))
        #expect(try await store.dagRuns(dagId: "etl", states: nil, limit: nil).map(\.runId) == [recent.runId])
    }

    @Test("a home with no logs folder cleans rows only", arguments: StoreKind.allCases)
    func noLogsFolder(_ kind: StoreKind) async throws {
        let home = UpdraftHome(root: try StoreFixtures.temporaryFolder())
        let store = try await StoreFixtures.store(kind)
        let report = try await Retention(maxAge: 3600).clean(store: store, home: home, now: StoreFixtures.date())
        #expect(report == RetentionReport(cutoff: StoreFixtures.date(hours: -1), runsDeleted: 0, logFilesDeleted: 0))
    }
}
