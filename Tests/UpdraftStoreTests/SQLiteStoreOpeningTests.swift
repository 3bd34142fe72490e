import Foundation
import GRDB
import Synchronization
import Testing
import UpdraftCore
@testable import UpdraftStore

@Suite("SQLiteStore: opening, schema, other processes")
struct SQLiteStoreOpeningTests {
    @Test("creates missing parent folders and the file")
    func createsFolders() throws {
        let path = try StoreFixtures.temporaryFolder().appendingPathComponent("a/b/updraft.db").path
        _ = try SQLiteStore(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test("8 openers of one fresh file at the same moment all open it, and the schema is migrated once (a CI run saw 'table client_key already exists')")
    func concurrentFirstOpens() throws {
        for round in 0..<5 {
            let path = try StoreFixtures.temporaryFolder().appendingPathComponent("race-\(round)/updraft.db").path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let failures = Mutex<[String]>([])
            let applied = Mutex<[[String]]>([])
            // Threads, not tasks: the opens block (as in separate processes), and must overlap.
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do {
                    let store = try SQLiteStore(path: path)
                    applied.withLock { $0.append(store.migrationsAppliedAtOpen) }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty, "round \(round): \(failures.withLock { $0 })")
            let all = applied.withLock { $0 }
            #expect(all.filter { !$0.isEmpty }.count == 1, "one opener migrates, the others find it done: \(all)")
            #expect(all.flatMap { $0 }.count == StoreSchema.migrator.migrations.count)
        }
    }

    @Test("a file that is not SQLite is refused with cannot_open, naming the path")
    func corruptFile() throws {
        let path = try StoreFixtures.temporaryFolder().appendingPathComponent("updraft.db").path
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore(path: path) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.context == path)
        #expect(error?.description.contains("not an Updraft store") == true)
    }

    @Test("another application's SQLite database is refused, not migrated")
    func foreignDatabase() throws {
        let path = try StoreFixtures.temporaryFolder().appendingPathComponent("app.db").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)") }
        try queue.close()
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore(path: path) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description.contains("not an Updraft store") == true)
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["notes"])
        let journal = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "delete")
    }

    @Test("a folder that cannot be created is refused, naming it")
    func folderCannotBeMade() throws {
        let file = try StoreFixtures.temporaryFolder().appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let path = file.appendingPathComponent("updraft.db").path
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore(path: path) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description.contains(file.path) == true)
    }

    @Test("a store migrated by a newer Updraft is refused with newer_schema")
    func newerSchema() throws {
        let path = try StoreFixtures.temporaryFolder().appendingPathComponent("updraft.db").path
        _ = try SQLiteStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        try queue.close()
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore(path: path) }
        #expect(error?.code == .newerSchema)
        #expect(error?.context == path)
    }

    @Test("reopening keeps the data and does not re-run migrations")
    func reopen() async throws {
        let path = try StoreFixtures.temporaryFolder().appendingPathComponent("updraft.db").path
        let first = try SQLiteStore(path: path)
        #expect(first.migrationsAppliedAtOpen == ["v1", "v2", "v3", "v4", "v5", "v6"])
        try await first.setVariable("k", "v")
        #expect(try SQLiteStore(path: path).migrationsAppliedAtOpen.isEmpty)
        #expect(try await SQLiteStore(path: path).variable("k") == "v")
        #expect(try await SQLiteStore(path: path).schemaVersion() == SchemaVersion(applied: ["v1", "v2", "v3", "v4", "v5", "v6"], latest: "v6"))
        #expect(try await SQLiteStore(path: path).pools().count == 1)
    }

    @Test("a row holding an unknown state is reported as corrupt, naming table and key")
    func corruptRow() async throws {
        let path = try StoreFixtures.temporaryFolder().appendingPathComponent("updraft.db").path
        let store = try SQLiteStore(path: path)
        let run = StoreFixtures.run()
        try await store.createDagRun(run)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in try db.execute(sql: "UPDATE dag_run SET state = 'exploded'") }
        try queue.close()
        let error = await #expect(throws: StoreError.self) { _ = try await store.dagRun(dagId: "etl", runId: run.runId) }
        #expect(error?.code == .corruptRow)
        #expect(error?.description.contains("dag_run etl/") == true)
        #expect(error?.description.contains("'exploded'") == true)
    }
}
