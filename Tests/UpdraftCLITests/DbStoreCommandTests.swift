import Foundation
import Testing
import UpdraftCore
import UpdraftPostgresTesting
@testable import UpdraftStore
@testable import UpdraftCLI

@Suite("updraft db copy / migrate / check and --store URLs (SQLite and a real PostgreSQL)")
struct DbStoreCommandTests {
    /// The fixture home, with a paused DAG, a pool, a sensitive variable, a connection and an
    /// API user with a token on top of its run.
    func richHome() async throws -> StoreCommandHome {
        let fixture = try await StoreCommandHome()
        let store = fixture.store
        try await store.setPaused(dagId: "etl", true)
        try await store.setPool(PoolRecord(name: "db", slots: 3, description: "the warehouse"))
        try await store.setVariable("token", "s3cr3t", sensitive: true)
        try await store.setVariable("region", "eu")
        try await store.setConnection(ConnectionRecord(connId: "wh", connType: "postgres", host: "db", port: 5432,
                                                       login: "etl", sealedPassword: Data([1, 2, 3])))
        let created = Date(timeIntervalSinceReferenceDate: 800_000_000.25)
        #expect(try await store.createAPIUser(APIUserRecord(username: "ann", role: .admin, passwordHash: "$2b$h",
                                                            createdAt: created)))
        try await store.createAPIToken(APITokenRecord(tokenId: "t1", username: "ann", tokenHash: "sha", createdAt: created,
                                                      expiresAt: nil))
        var batch = StoreBatch()
        batch.xcoms = [XComRecord(id: TaskInstanceID(dagId: "etl", runId: StoreCommandHome.runId, taskId: "extract"),
                                  value: .object(["rows": .int(3)]))]
        try await store.commit(batch)
        return fixture
    }

    func url(_ location: PostgresLocation) -> String {
        location.urlWithPassword
    }

    @Test("db copy moves a SQLite home into an empty PostgreSQL database: every table, counts printed and equal")
    func copyIntoPostgres() async throws {
        let fixture = try await richHome()
        let target = try await TestPostgres.shared().freshDatabase()
        let captured = CapturedIO()
        let command: DbCopyCommand = try parse(["db", "copy", "--from", "sqlite://\(fixture.home.databasePath)",
                                                "--to", url(target)])
        #expect(try await command.execute(io: captured.io) == 0, "\(captured.err)")
        #expect(captured.out.contains("row counts match"))
        #expect(captured.out.contains("task_instance     5       5"))
        #expect(!captured.out.contains(TestPostgres.password), "the password is masked")
        let copy = try await PostgresStore.open(target)
        let source = fixture.store
        #expect(try await copy.dags() == source.dags())
        #expect(try await copy.dagRuns(dagId: "etl", states: nil, limit: nil) == source.dagRuns(dagId: "etl", states: nil, limit: nil))
        #expect(try await copy.taskInstances(dagId: "etl", runId: StoreCommandHome.runId)
            == source.taskInstances(dagId: "etl", runId: StoreCommandHome.runId))
        #expect(try await copy.xcoms(dagId: "etl", runId: StoreCommandHome.runId).count == 1)
        #expect(try await copy.pools() == source.pools())
        #expect(try await copy.variables() == ["token": "s3cr3t", "region": "eu"])
        #expect(try await copy.sensitiveVariableKeys() == ["token"])
        #expect(try await copy.connection("wh") == source.connection("wh"))
        #expect(try await copy.apiUsers() == source.apiUsers())
        #expect(try await copy.apiTokens() == source.apiTokens())
        await copy.close()
    }

    @Test("db copy into a store that holds rows is refused, naming it, and writes nothing")
    func copyRefusesNonEmpty() async throws {
        let fixture = try await richHome()
        let target = try await TestPostgres.shared().freshDatabase()
        let busy = try await PostgresStore.open(target)
        try await busy.setVariable("already", "here")
        let before = try await busy.rowCounts()
        let captured = CapturedIO()
        let command: DbCopyCommand = try parse(["db", "copy", "--from", "sqlite://\(fixture.home.databasePath)",
                                                "--to", url(target)])
        #expect(try await command.execute(io: captured.io) == 1)
        #expect(captured.err.contains("not empty (rows in variable)"))
        #expect(captured.err.contains("postgres://postgres:***@127.0.0.1"))
        #expect(try await busy.rowCounts() == before)
        await busy.close()
    }

    @Test("db copy with bad input: unknown scheme, bad port, missing database name, missing source file, same store: exit 2 (1 for the file), nothing made")
    func copyBadInput() async throws {
        let folder = try CLIPaths.temporaryFolder()
        let missing = folder + "/nope/updraft.db"
        let cases: [([String], Int32, String)] = [
            (["--from", "sqlite://\(missing)", "--to", "mysql://u:hunter2@h/db"], 2, "unknown scheme 'mysql'"),
            (["--from", "sqlite://\(missing)", "--to", "postgres://u:hunter2@h:99999/db"], 2, "port '99999'"),
            (["--from", "sqlite://\(missing)", "--to", "postgres://u:hunter2@h:5432"], 2, "no database name"),
            (["--from", "sqlite://\(missing)", "--to", "postgres://u:hunter2@127.0.0.1:1/db"], 1, "no such SQLite file"),
            (["--from", "sqlite://\(missing)", "--to", "sqlite://\(missing)"], 2, "the same store"),
        ]
        for (arguments, code, message) in cases {
            let captured = CapturedIO()
            let command: DbCopyCommand = try parse(["db", "copy"] + arguments)
            #expect(try await command.execute(io: captured.io) == code, "\(arguments)")
            #expect(captured.err.contains(message), "\(captured.err)")
            #expect(!captured.err.contains("hunter2"))
            #expect(captured.err.split(separator: "\n").count == 1)
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/nope"))
    }

    @Test("db migrate applies the steps once; db check prints the version and counts on both stores")
    func migrateAndCheck() async throws {
        let target = try await TestPostgres.shared().freshDatabase()
        let first = CapturedIO()
        let migrate: DbMigrateCommand = try parse(["db", "migrate", "--store", url(target), "--json"])
        #expect(try await migrate.execute(io: first.io) == 0, "\(first.err)")
        let applied = try JSONDecoder().decode(DbMigrateCommand.Output.self, from: Data(first.out.utf8))
        #expect(applied.applied == PostgresSchema.steps.map { String($0.number) })
        #expect(!applied.store.contains(TestPostgres.password))
        let again = CapturedIO()
        #expect(try await migrate.execute(io: again.io) == 0)
        #expect(try JSONDecoder().decode(DbMigrateCommand.Output.self, from: Data(again.out.utf8)).applied.isEmpty)

        let pg = CapturedIO()
        let check: DbCheckCommand = try parse(["db", "check", "--store", url(target), "--json"])
        #expect(try await check.execute(io: pg.io) == 0)
        let output = try JSONDecoder().decode(DbCheckCommand.Output.self, from: Data(pg.out.utf8))
        #expect(output.current)
        #expect(output.rows["pool"] == 1)
        #expect(output.rows["dag_run"] == 0)

        let fixture = try await StoreCommandHome()
        let sqlite = CapturedIO()
        let home: DbCheckCommand = try parse(["db", "check", "--home", fixture.path])
        #expect(try await home.execute(io: sqlite.io) == 0, "\(sqlite.err)")
        #expect(sqlite.out.contains("store:   \(fixture.home.databasePath) (reachable)"))
        #expect(sqlite.out.contains("(current)"))
        #expect(sqlite.out.contains("task_instance     5"))
    }

    @Test("a refused login or an unreachable server at start: one line naming host:port and why, exit 2, no password")
    func refusedAtStart() async throws {
        let server = try await TestPostgres.shared()
        let wrong = CapturedIO()
        let check: DbCheckCommand = try parse(["db", "check", "--store",
                                               "postgres://postgres:wrong-pw@127.0.0.1:\(server.port)/postgres"])
        #expect(try await check.execute(io: wrong.io) == 2)
        #expect(wrong.err.contains("127.0.0.1:\(server.port)"))
        #expect(wrong.err.contains("password authentication failed"))
        #expect(!wrong.err.contains("wrong-pw"))
        #expect(wrong.err.split(separator: "\n").count == 1)

        let closed = CapturedIO()
        let pools: PoolsListCommand = try parse(["pools", "list", "--store", "postgres://u:pw@127.0.0.1:1/db"])
        #expect(try await pools.execute(io: closed.io) == 2)
        #expect(closed.err.contains("127.0.0.1:1"))
        #expect(closed.err.split(separator: "\n").count == 1)

        let bad = CapturedIO()
        let scheduler: SchedulerCommand = try parse(["scheduler", "--store", "postgres://u:pw@h:port/db"])
        #expect(try await scheduler.execute(io: bad.io) == 2)
        #expect(bad.err.contains("port 'port'"))
        #expect(!bad.err.contains(":pw@"))
    }

    @Test("store commands work on PostgreSQL through --store: pools set and list, variables, dags pause")
    func commandsOnPostgres() async throws {
        let target = url(try await TestPostgres.shared().freshDatabase())
        let set: PoolsSetCommand = try parse(["pools", "set", "db", "4", "--store", target])
        #expect(try await set.execute(io: CapturedIO().io) == 0)
        let list = CapturedIO()
        let pools: PoolsListCommand = try parse(["pools", "list", "--store", target, "--json"])
        #expect(try await pools.execute(io: list.io) == 0)
        #expect(list.out.contains("\"db\""))
        let variable: VariablesSetCommand = try parse(["variables", "set", "k", "v", "--store", target])
        #expect(try await variable.execute(io: CapturedIO().io) == 0)
        let get = CapturedIO()
        let read: VariablesGetCommand = try parse(["variables", "get", "k", "--store", target])
        #expect(try await read.execute(io: get.io) == 0)
        #expect(get.out == "v")
    }
}
