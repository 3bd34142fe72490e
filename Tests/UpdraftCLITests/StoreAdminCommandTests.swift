import ArgumentParser
import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftCLI

@Suite("updraft dags pause / pools / variables / db clean")
struct StoreAdminCommandTests {
    /// The message ArgumentParser prints for `args` given to `C`, which must fail to parse.
    func parseError<C: ParsableCommand>(_ args: [String], as type: C.Type) -> String {
        do {
            _ = try C.parse(args)
            return "parsed"
        } catch {
            return C.message(for: error)
        }
    }

    @Test("dags pause / unpause a DAG the store knows; the change token moves")
    func pauseKnown() async throws {
        let fixture = try await StoreCommandHome()
        let token = try await fixture.store.externalChangeToken()
        let captured = CapturedIO()
        let pause: DagsPauseCommand = try parse(["dags", "pause", "etl", "--home", fixture.path])
        #expect(try await pause.execute(io: captured.io) == 0)
        #expect(captured.out == "paused DAG 'etl'")
        #expect(try await fixture.store.dags().first { $0.dagId == "etl" }?.isPaused == true)
        #expect(try await fixture.store.externalChangeToken() > token)
        let json = CapturedIO()
        let unpause: DagsUnpauseCommand = try parse(["dags", "unpause", "etl", "--home", fixture.path, "--json"])
        #expect(try await unpause.execute(io: json.io) == 0)
        #expect(try JSONDecoder().decode(DagPausing.Output.self, from: Data(json.out.utf8)) == .init(dagId: "etl", isPaused: false))
        #expect(try await fixture.store.dags().first { $0.dagId == "etl" }?.isPaused == false)
    }

    @Test("dags pause: a DAG only in the DAG folder is paused; an unknown one is an error that changes nothing")
    func pauseFromFolderAndUnknown() async throws {
        let fixture = try await StoreCommandHome()
        let captured = CapturedIO()
        let pause: DagsPauseCommand = try parse(["dags", "pause", "daily_report", "--home", fixture.path,
                                                 "--dags-folder", CLIPaths.examples])
        #expect(try await pause.execute(io: captured.io) == 0)
        #expect(try await fixture.store.dags().first { $0.dagId == "daily_report" }?.isPaused == true)

        let unknown = CapturedIO()
        let bad: DagsPauseCommand = try parse(["dags", "pause", "daily_reprt", "--home", fixture.path,
                                               "--dags-folder", CLIPaths.examples])
        #expect(try await bad.execute(io: unknown.io) == 1)
        #expect(unknown.err.contains("no DAG 'daily_reprt'"))
        #expect(unknown.err.contains("did you mean 'daily_report'"))
        #expect(try await fixture.store.dags().map(\.dagId) == ["daily_report", "etl"])
    }

    @Test("pools set / list / delete, with 'unlimited' and a kept description")
    func pools() async throws {
        let fixture = try await StoreCommandHome()
        func run<C: AsyncParsableCommand>(_ args: [String], as: C.Type, _ body: (C, CommandIO) async throws -> Int32)
            async throws -> CapturedIO {
            let captured = CapturedIO()
            #expect(try await body(try parse(args + ["--home", fixture.path]), captured.io) == 0)
            return captured
        }
        let created = try await run(["pools", "set", "db", "2", "--description", "warehouse"], as: PoolsSetCommand.self) {
            try await $0.execute(io: $1)
        }
        #expect(created.out == "created pool 'db': 2 slot(s)")
        _ = try await run(["pools", "set", "db", "3"], as: PoolsSetCommand.self) { try await $0.execute(io: $1) }
        _ = try await run(["pools", "set", "api", "unlimited"], as: PoolsSetCommand.self) { try await $0.execute(io: $1) }
        let listed = try await run(["pools", "list", "--json"], as: PoolsListCommand.self) { try await $0.execute(io: $1) }
        let rows = try JSONDecoder().decode([PoolRow].self, from: Data(listed.out.utf8))
        #expect(rows.map(\.name) == ["api", "db", "default_pool"])
        #expect(rows[0].slots == -1)
        #expect(rows[1].slots == 3)
        #expect(rows[1].description == "warehouse")
        let table = try await run(["pools", "list"], as: PoolsListCommand.self) { try await $0.execute(io: $1) }
        #expect(table.out.contains("api           unlimited"))
        _ = try await run(["pools", "delete", "db"], as: PoolsDeleteCommand.self) { try await $0.execute(io: $1) }
        #expect(try await fixture.store.pools().map(\.name) == ["api", "default_pool"])
    }

    @Test("pools import / export in Airflow's JSON form; an invalid file changes nothing")
    func poolsImportExport() async throws {
        let fixture = try await StoreCommandHome()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pools-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let airflow = folder.appendingPathComponent("airflow.json").path
        try Data(#"{"small_tables": {"slots": 4, "description": "small", "include_deferred": false}, "api": {"slots": -1, "description": ""}}"#.utf8)
            .write(to: URL(fileURLWithPath: airflow))
        let imported = CapturedIO()
        let importing: PoolsImportCommand = try parse(["pools", "import", airflow, "--home", fixture.path])
        #expect(try await importing.execute(io: imported.io) == 0)
        #expect(imported.out == "imported 2 pool(s): api, small_tables")
        let pools = try await fixture.store.pools()
        #expect(pools.first { $0.name == "small_tables" }?.slots == 4)
        #expect(pools.first { $0.name == "small_tables" }?.description == "small")
        #expect(pools.first { $0.name == "api" }?.slots == -1)

        let exported = folder.appendingPathComponent("out.json").path
        let exporting: PoolsExportCommand = try parse(["pools", "export", exported, "--home", fixture.path])
        #expect(try await exporting.execute(io: CapturedIO().io) == 0)
        let text = try String(contentsOfFile: exported, encoding: .utf8)
        let back = try PoolsJSON.decode(text).get()
        #expect(back.map(\.name) == ["api", "default_pool", "small_tables"])
        #expect(back.first { $0.name == "small_tables" } == PoolSpec(name: "small_tables", slots: 4, description: "small"))

        for (body, message) in [
            (#"{"a": {"slots": 2}, "b": {"slots": "two"}}"#, "pool 'b': slots must be a whole number"),
            (#"{"a": {"slots": 2, "colour": "red"}}"#, "pool 'a': unknown field 'colour'"),
            (#"{"a": 2}"#, "pool 'a': expected an object"),
            (#"{"my pool": {"slots": 1}}"#, "pool name 'my pool'"),
            (#"[1, 2]"#, "not a JSON object of pools"),
            (#"{"a": {"slots": 1, "description": 5}}"#, "description must be a string"),
        ] {
            let file = folder.appendingPathComponent("bad.json").path
            try Data(body.utf8).write(to: URL(fileURLWithPath: file))
            let captured = CapturedIO()
            let bad: PoolsImportCommand = try parse(["pools", "import", file, "--home", fixture.path])
            #expect(try await bad.execute(io: captured.io) == 1)
            #expect(captured.err.contains(message) && captured.err.contains("no pool was changed"), "\(captured.err)")
        }
        #expect(try await fixture.store.pools().map(\.name) == ["api", "default_pool", "small_tables"])
        let missing = CapturedIO()
        let none: PoolsImportCommand = try parse(["pools", "import", folder.appendingPathComponent("nope.json").path, "--home", fixture.path])
        #expect(try await none.execute(io: missing.io) == 1)
        #expect(missing.err.contains("cannot read"))
    }

    @Test("variables get reads UPDRAFT_VAR_<KEY> before the store")
    func variableFromEnvironment() async throws {
        let fixture = try await StoreCommandHome()
        try await fixture.store.setVariable("target", "from-store")
        let captured = CapturedIO()
        let get: VariablesGetCommand = try parse(["variables", "get", "target", "--home", fixture.path])
        #expect(try await get.execute(io: captured.io, environment: ["UPDRAFT_VAR_TARGET": "from-env"]) == 0)
        #expect(captured.out == "from-env")
        let stored = CapturedIO()
        #expect(try await get.execute(io: stored.io, environment: [:]) == 0)
        #expect(stored.out == "from-store")
    }

    @Test("pools: bad slots and unknown or default pools are errors that name the input")
    func poolErrors() async throws {
        let fixture = try await StoreCommandHome()
        #expect(parseError(["db", "many"], as: PoolsSetCommand.self).contains("slots 'many' is not a number of slots"))
        #expect(parseError(["db", "2.5"], as: PoolsSetCommand.self).contains("slots '2.5'"))
        #expect(parseError(["my pool", "2"], as: PoolsSetCommand.self).contains("pool name 'my pool'"))
        #expect(try PoolsSetCommand.parse(["db", "--", "-1"]).slotCount == -1)
        #expect(try PoolsSetCommand.parse(["db", "0"]).slotCount == 0)
        let missing = CapturedIO()
        let delete: PoolsDeleteCommand = try parse(["pools", "delete", "nope", "--home", fixture.path])
        #expect(try await delete.execute(io: missing.io) == 1)
        #expect(missing.err == "error: no pool 'nope' (pools: default_pool)")
        let builtIn = CapturedIO()
        let deleteDefault: PoolsDeleteCommand = try parse(["pools", "delete", "default_pool", "--home", fixture.path])
        #expect(try await deleteDefault.execute(io: builtIn.io) == 1)
        #expect(builtIn.err.contains("default_pool cannot be deleted"))
        #expect(try await fixture.store.pools().count == 1)
    }

    @Test("variables set / get / list / delete; get and delete of a missing key exit 1")
    func variables() async throws {
        let fixture = try await StoreCommandHome()
        func run(_ args: [String]) async throws -> (Int32, CapturedIO) {
            let captured = CapturedIO()
            let command = try UpdraftCommand.parseAsRoot(["variables"] + args + ["--home", fixture.path])
            let code: Int32 = switch command {
            case let c as VariablesSetCommand: try await c.execute(io: captured.io)
            case let c as VariablesGetCommand: try await c.execute(io: captured.io)
            case let c as VariablesListCommand: try await c.execute(io: captured.io)
            case let c as VariablesDeleteCommand: try await c.execute(io: captured.io)
            default: -1
            }
            return (code, captured)
        }
        #expect(try await run(["set", "target", "s3://bucket/path"]).0 == 0)
        #expect(try await run(["set", "limit", "10"]).0 == 0)
        var (code, captured) = try await run(["get", "target"])
        #expect(code == 0)
        #expect(captured.out == "s3://bucket/path")
        (code, captured) = try await run(["get", "target", "--json"])
        #expect(try JSONDecoder().decode(VariableRow.self, from: Data(captured.out.utf8))
            == .init(key: "target", value: "s3://bucket/path", isSensitive: false))
        (code, captured) = try await run(["list", "--json"])
        #expect(try JSONDecoder().decode([VariableRow].self, from: Data(captured.out.utf8)).map(\.key) == ["limit", "target"])
        (code, captured) = try await run(["delete", "limit"])
        #expect(code == 0)
        (code, captured) = try await run(["get", "limit"])
        #expect(code == 1)
        #expect(captured.err == "error: no variable 'limit'")
        #expect(captured.out.isEmpty)
        (code, captured) = try await run(["delete", "limit"])
        #expect(code == 1)
        #expect(captured.err == "error: no variable 'limit'")
        (code, captured) = try await run(["list"])
        #expect(captured.out == "key     value\ntarget  s3://bucket/path")

        // --sensitive: list and set's JSON show ***, get (asked for by key) the value.
        (code, captured) = try await run(["set", "report_code", "x7-secret-value", "--sensitive", "--json"])
        #expect(code == 0)
        #expect(try JSONDecoder().decode(VariableRow.self, from: Data(captured.out.utf8))
            == .init(key: "report_code", value: "***", isSensitive: true))
        (code, captured) = try await run(["set", "report_code", "x8-secret-value"])
        #expect(captured.out == "set variable 'report_code' (sensitive: shown as ***)")
        (code, captured) = try await run(["list"])
        #expect(captured.out == "key          value\nreport_code  ***\ntarget       s3://bucket/path")
        (code, captured) = try await run(["list", "--json"])
        #expect(!captured.out.contains("secret-value"), "\(captured.out)")
        #expect(try JSONDecoder().decode([VariableRow].self, from: Data(captured.out.utf8)).map(\.isSensitive) == [true, false])
        (code, captured) = try await run(["get", "report_code"])
        #expect(captured.out == "x8-secret-value")
        #expect(try await fixture.store.variable("report_code") != "x8-secret-value")
    }

    @Test("db clean --older-than 7d deletes the old finished run and its logs")
    func dbClean() async throws {
        let fixture = try await StoreCommandHome()
        try fixture.writeLog("load", try: 1, "old log\n")
        let now = StoreCommandHome.logicalDate.addingTimeInterval(8 * 86_400)
        let captured = CapturedIO()
        let command: DbCleanCommand = try parse(["db", "clean", "--older-than", "7d", "--home", fixture.path, "--json"])
        #expect(try await command.execute(io: captured.io, now: now) == 0)
        let output = try JSONDecoder().decode(DbCleanCommand.Output.self, from: Data(captured.out.utf8))
        #expect(output == .init(cutoff: "2026-11-02T00:00:00+00:00", runsDeleted: 1, logFilesDeleted: 1))
        #expect(try await fixture.store.dagRun(dagId: "etl", runId: StoreCommandHome.runId) == nil)
        #expect(try await fixture.store.taskInstances(dagId: "etl", runId: StoreCommandHome.runId).isEmpty)
    }

    @Test("db clean: a run newer than the age is kept; a bad age is an error naming it")
    func dbCleanKeepsAndRejects() async throws {
        let fixture = try await StoreCommandHome()
        let now = StoreCommandHome.logicalDate.addingTimeInterval(86_400)
        let captured = CapturedIO()
        let command: DbCleanCommand = try parse(["db", "clean", "--older-than", "36h", "--home", fixture.path])
        #expect(try await command.execute(io: captured.io, now: now) == 0)
        #expect(captured.out.hasPrefix("deleted 0 finished run(s) and 0 log file(s) older than 1d12h"))
        #expect(try await fixture.store.dagRun(dagId: "etl", runId: StoreCommandHome.runId) != nil)
        #expect(parseError(["--older-than", "7 days"], as: DbCleanCommand.self).contains("--older-than '7 days' is not an age"))
        #expect(parseError(["--older-than", "3x"], as: DbCleanCommand.self).contains("is not an age"))
    }

    @Test("a store that cannot be opened is an error naming the file, exit 1")
    func brokenStore() async throws {
        let folder = try CLIPaths.temporaryFolder()
        try Data(repeating: 0x42, count: 4096).write(to: URL(fileURLWithPath: folder + "/updraft.db"))
        let captured = CapturedIO()
        let command: PoolsListCommand = try parse(["pools", "list", "--home", folder])
        #expect(try await command.execute(io: captured.io) == 1)
        #expect(captured.err.hasPrefix("error: \(folder)/updraft.db: not an Updraft store"))
    }

    @Test("the store commands are in the tree with their help")
    func help() {
        let root = UpdraftCommand.helpMessage()
        for name in ["runs", "tasks", "pools", "variables", "db"] { #expect(root.contains(name)) }
        #expect(UpdraftCommand.helpMessage(for: TasksClearCommand.self).contains("--downstream"))
        #expect(UpdraftCommand.helpMessage(for: DbCleanCommand.self).contains("--older-than"))
        #expect(UpdraftCommand.helpMessage(for: DagsCommand.self).contains("pause"))
    }
}
