import Foundation
import Testing
import UpdraftPostgresTesting
@testable import UpdraftStore

@Suite("PostgresStore: opening, migrations, refused logins")
struct PostgresStoreOpeningTests {
    @Test("initdb is found on the PATH, else in Debian's /usr/lib/postgresql/*/bin; nowhere: nil")
    func findsTheServerPrograms() throws {
        let debian = try #require(PostgresBinaries.find(environment: ["PATH": "/nonexistent"]),
                                  "no initdb in /usr/lib/postgresql/*/bin: run .ci/setup")
        #expect(debian.folder.hasPrefix("/usr/lib/postgresql/"))
        #expect(FileManager.default.isExecutableFile(atPath: debian.pgCtl))
        let onPath = try #require(PostgresBinaries.find(environment: ["PATH": "/nonexistent:\(debian.folder)"]))
        #expect(onPath.folder == debian.folder)
    }

    @Test("a new database gets every migration step once; reopening applies none and keeps the data")
    func migratesOnce() async throws {
        let location = try await TestPostgres.shared().freshDatabase()
        let store = try await PostgresStore.open(location)
        #expect(store.appliedSteps == PostgresSchema.steps.map(\.number))
        try await store.setVariable("k", "v")
        let again = try await PostgresStore.open(location)
        #expect(again.appliedSteps.isEmpty)
        #expect(try await again.variable("k") == "v")
        #expect(try await again.pools().map(\.name) == ["default_pool"])
        let version = try await again.schemaVersion()
        #expect(version.isCurrent)
        #expect(version.applied == PostgresSchema.steps.map { String($0.number) })
        await store.close()
        await again.close()
    }

    @Test("two processes opening one empty database at once migrate it once")
    func concurrentFirstOpen() async throws {
        let location = try await TestPostgres.shared().freshDatabase()
        async let one = PostgresStore.open(location)
        async let two = PostgresStore.open(location)
        let stores = try await [one, two]
        #expect(stores.map(\.appliedSteps.count).sorted() == [0, PostgresSchema.steps.count])
    }

    @Test("a database migrated by a newer Updraft is refused with newer_schema, naming the database")
    func newerSchema() async throws {
        let location = try await TestPostgres.shared().freshDatabase()
        let store = try await PostgresStore.open(location)
        _ = try await store.rows("INSERT INTO updraft_migration (number, summary, applied_at) VALUES (999, 'future', 0) RETURNING 1")
        let error = await #expect(throws: StoreError.self) { _ = try await PostgresStore.open(location) }
        #expect(error?.code == .newerSchema)
        #expect(error?.description.contains("step 999") == true)
        #expect(error?.description.contains(location.database) == true)
    }

    @Test("a wrong password: cannot_open naming host:port and the server's reason, the password masked")
    func wrongPassword() async throws {
        let server = try await TestPostgres.shared()
        let location = server.location(database: "postgres", password: "not-the-password")
        let error = await #expect(throws: StoreError.self) { _ = try await PostgresStore.open(location) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.description.contains("127.0.0.1:\(server.port)") == true)
        #expect(error?.description.contains("password authentication failed") == true)
        #expect(error?.description.contains("not-the-password") == false)
        #expect(error?.description.contains("postgres://postgres:***@") == true)
    }

    @Test("no server on the port, or no such database: cannot_open naming host:port and why")
    func unreachable() async throws {
        let server = try await TestPostgres.shared()
        let closed = PostgresLocation(user: "postgres", password: "pw", host: "127.0.0.1", port: 1, database: "x")
        let refused = await #expect(throws: StoreError.self) { _ = try await PostgresStore.open(closed) }
        #expect(refused?.code == .cannotOpen)
        #expect(refused?.description.contains("127.0.0.1:1") == true)
        #expect(refused?.description.lowercased().contains("refused") == true)
        let missing = await #expect(throws: StoreError.self) {
            _ = try await PostgresStore.open(server.location(database: "no_such_db"))
        }
        #expect(missing?.description.contains("no_such_db") == true)
        #expect(missing?.description.contains("does not exist") == true)
    }
}
