import ArgumentParser
import Foundation
import Testing
import UpdraftCore
@testable import UpdraftCLI

@Suite("updraft dags list / show / next-runs / list-import-errors")
struct DagsCommandTests {
    /// 2026-03-28T12:00:00Z.
    static let now = Date(timeIntervalSince1970: 1_774_699_200)

    @Test("list --json: every example DAG with schedule, next run, tags and file")
    func listJSON() async throws {
        let command: DagsListCommand = try parse(["dags", "list", "--dags-folder", CLIPaths.examples, "--json"])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: Self.now) == 0)
        let rows = try JSONDecoder().decode([DagsListCommand.Row].self, from: Data(captured.out.utf8))
        #expect(rows.map(\.dagId) == rows.map(\.dagId).sorted())
        let report = try #require(rows.first { $0.dagId == "daily_report" })
        #expect(report.schedule == "0 6 * * *")
        #expect(report.tags == ["example", "reports"])
        #expect(report.file.hasSuffix("examples/daily_report.yml"))
        // catchup=false at 12:00 UTC (13:00 Berlin) on 03-28: the run of 03-27 06:00 is due.
        #expect(report.nextRun == "2026-03-27T06:00:00+01:00")
        #expect(report.nextRunAfter == "2026-03-28T06:00:00+01:00")
        #expect(captured.err.isEmpty)
    }

    @Test("list as a table: header and one line per DAG")
    func listTable() async throws {
        let command: DagsListCommand = try parse(["dags", "list", "--dags-folder", CLIPaths.examples])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: Self.now) == 0)
        let lines = captured.out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("dag_id") == true)
        #expect(lines.contains { $0.hasPrefix("hello_every_minute") && $0.contains("* * * * *") })
    }

    @Test("a missing DAG folder is named, with how to fix it; exit 1")
    func missingFolder() async throws {
        let command: DagsListCommand = try parse(["dags", "list", "--home", "/nonexistent/updraft"])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: Self.now) == 1)
        #expect(captured.err.contains("'/nonexistent/updraft/dags' does not exist"))
        #expect(captured.err.contains("--dags-folder"))
        #expect(captured.out.isEmpty)
    }

    @Test("the folder: --dags-folder, else --home/dags, else $UPDRAFT_HOME/dags, else ~/.updraft/dags")
    func folderResolution() throws {
        let env = ["UPDRAFT_HOME": "/srv/up", "HOME": "/home/me"]
        #expect(try parse(["dags", "list", "--dags-folder", "d"], as: DagsListCommand.self).location.folder(environment: env) == "d")
        #expect(try parse(["dags", "list", "--home", "/h"], as: DagsListCommand.self).location.folder(environment: env) == "/h/dags")
        #expect(try parse(["dags", "list"], as: DagsListCommand.self).location.folder(environment: env) == "/srv/up/dags")
        #expect(try parse(["dags", "list"], as: DagsListCommand.self).location.folder(environment: ["HOME": "/home/me"])
                == "/home/me/.updraft/dags")
    }

    @Test("show: tasks with their kinds and every edge")
    func showText() async throws {
        let command: DagsShowCommand = try parse(["dags", "show", "branch_weekday", "--dags-folder", CLIPaths.examples])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 0)
        let text = captured.out
        #expect(text.contains("tasks (5):"))
        #expect(text.contains("[branch]"))
        #expect(text.contains("trigger_rule=none_failed_min_one_success"))
        #expect(text.contains("edges (5):"))
        #expect(text.contains("  weekday_load >> join"))
        #expect(text.contains("  weekend_cleanup >> join"))
    }

    @Test("show --dot: a digraph with a cluster per group and an edge line per edge")
    func showDot() async throws {
        let command: DagsShowCommand = try parse(["dags", "show", "datalake_ingest", "--dot", "--dags-folder", CLIPaths.examples])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 0)
        let dot = captured.out
        #expect(dot.hasPrefix("digraph \"datalake_ingest\" {"))
        #expect(dot.hasSuffix("}"))
        #expect(dot.contains("subgraph \"cluster_small\""))
        #expect(dot.contains("subgraph \"cluster_large\""))
        #expect(dot.contains("\"prepare_lake\" -> \"large.orders\";"))
        #expect(dot.components(separatedBy: " -> ").count - 1 == 21)
    }

    @Test("show --json lists tasks and edges")
    func showJSON() async throws {
        let command: DagsShowCommand = try parse(["dags", "show", "fanout_tables", "--json", "--dags-folder", CLIPaths.examples])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 0)
        let summary = try JSONDecoder().decode(DagRendering.Summary.self, from: Data(captured.out.utf8))
        #expect(summary.tasks.map(\.taskId) == ["copy", "list_files", "check", "summary"])
        #expect(summary.tasks.first?.mapped == true)
        #expect(summary.edges.contains(["list_files", "check"]))
    }

    @Test("show of an unknown DAG names it and suggests close ids; exit 1")
    func showUnknown() async throws {
        let command: DagsShowCommand = try parse(["dags", "show", "daily", "--dags-folder", CLIPaths.examples])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 1)
        #expect(captured.err.contains("no DAG 'daily'"))
        #expect(captured.err.contains("'daily_report'"))
        let typo: DagsShowCommand = try parse(["dags", "show", "daily_reprot", "--dags-folder", CLIPaths.examples])
        let typoIO = CapturedIO()
        #expect(try await typo.execute(io: typoIO.io) == 1)
        #expect(typoIO.err == "error: no DAG 'daily_reprot' in '\(CLIPaths.examples)' (did you mean 'daily_report'?)")
    }

    @Test("next-runs: logical date, data interval and run-after of each run, in the DAG's zone")
    func nextRuns() async throws {
        let command: DagsNextRunsCommand = try parse(["dags", "next-runs", "daily_report", "-n", "2", "--json",
                                                       "--from", "2026-03-28T12:00:00Z", "--dags-folder", CLIPaths.examples])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: Date(timeIntervalSince1970: 0)) == 0)
        let runs = try JSONDecoder().decode([DagsNextRunsCommand.Run].self, from: Data(captured.out.utf8))
        #expect(runs == [
            .init(logicalDate: "2026-03-27T06:00:00+01:00", dataIntervalStart: "2026-03-27T06:00:00+01:00",
                  dataIntervalEnd: "2026-03-28T06:00:00+01:00", runAfter: "2026-03-28T06:00:00+01:00"),
            .init(logicalDate: "2026-03-28T06:00:00+01:00", dataIntervalStart: "2026-03-28T06:00:00+01:00",
                  dataIntervalEnd: "2026-03-29T06:00:00+02:00", runAfter: "2026-03-29T06:00:00+02:00"),
        ])
    }

    @Test("next-runs of a DAG without a schedule says why there are none")
    func nextRunsManual() async throws {
        let folder = try CLIPaths.temporaryFolder()
        try "dag_id: manual\ntasks:\n  - {task_id: a, empty: true}\n".write(toFile: folder + "/m.yml", atomically: true, encoding: .utf8)
        let command: DagsNextRunsCommand = try parse(["dags", "next-runs", "manual", "--dags-folder", folder])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: Self.now) == 0)
        #expect(captured.out == "manual: no scheduled runs (schedule is none: runs only when triggered by hand)")
    }

    @Test("list-import-errors --json: each broken file with code, message, line and column")
    func importErrorsJSON() async throws {
        let command: DagsListImportErrorsCommand = try parse(["dags", "list-import-errors", "--json", "--dags-folder", CLIPaths.broken])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 0)
        let entries = try JSONDecoder().decode([DagsListImportErrorsCommand.Entry].self, from: Data(captured.out.utf8))
        #expect(entries.map { URL(fileURLWithPath: $0.file).lastPathComponent } == ["bad_values.yml", "bad_yaml.yml", "cycle.yml"])
        let cycle = try #require(entries.last)
        #expect(cycle.errors.map(\.code) == ["cycle", "unknown_upstream"])
        #expect(cycle.errors.map(\.line) == [6, 15])
    }

    @Test("code DAGs join the folder's DAGs; a broken code DAG becomes an import error")
    func codeDags() async throws {
        let good = Dag(dagId: "from_code", tasks: [TaskSpec(taskId: "a", kind: .empty)], fileLocation: "Dags/main.swift")
        let bad = Dag(dagId: "bad_code", tasks: [TaskSpec(taskId: "a", kind: .empty, upstreamIds: ["zz"])])
        let captured = CapturedIO()
        let bag = try #require(await DagSource.load(folder: CLIPaths.examples, io: captured.io, codeDags: [good, bad]))
        #expect(bag.dag("from_code") != nil)
        #expect(bag.dag("daily_report") != nil)
        #expect(bag.importErrors.contains { $0.file == "<swift>" && $0.errors.first?.code == .unknownUpstream })
        let noFolder = try #require(await DagSource.load(folder: "/nonexistent", io: captured.io, codeDags: [good]))
        #expect(noFolder.dagIds == ["from_code"])
        #expect(captured.err.contains("note: DAG folder '/nonexistent' does not exist"))
    }
}
