import ArgumentParser
import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftCLI

@Suite("updraft runs list / tasks states / tasks logs / tasks clear")
struct RunsAndTasksCommandTests {
    @Test("runs list --json: the run with its state, type, dates and conf")
    func runsListJSON() async throws {
        let fixture = try await StoreCommandHome()
        let command: RunsListCommand = try parse(["runs", "list", "etl", "--home", fixture.path, "--json"])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io) == 0)
        let rows = try JSONDecoder().decode([RunsListCommand.Row].self, from: Data(captured.out.utf8))
        #expect(rows.count == 1)
        #expect(rows.first?.runId == StoreCommandHome.runId)
        #expect(rows.first?.state == "failed")
        #expect(rows.first?.runType == "manual")
        #expect(rows.first?.logicalDate == "2026-11-01T00:00:00+00:00")
        #expect(rows.first?.endDate == "2026-11-01T00:01:00+00:00")
        #expect(rows.first?.conf == ["n": .int(1)])
    }

    @Test("runs list: table, state filter, and errors for an unknown DAG or state")
    func runsListTextAndErrors() async throws {
        let fixture = try await StoreCommandHome()
        let captured = CapturedIO()
        #expect(try await (parse(["runs", "list", "etl", "--home", fixture.path]) as RunsListCommand).execute(io: captured.io) == 0)
        #expect(captured.out.hasPrefix("run_id"))
        #expect(captured.out.contains("failed  manual"))
        #expect(captured.out.contains("60s"))

        let filtered = CapturedIO()
        let success: RunsListCommand = try parse(["runs", "list", "etl", "--state", "success", "--home", fixture.path])
        #expect(try await success.execute(io: filtered.io) == 0)
        #expect(filtered.out == "no runs of 'etl' in state success")

        let unknown = CapturedIO()
        #expect(try await (parse(["runs", "list", "elt", "--home", fixture.path]) as RunsListCommand).execute(io: unknown.io) == 1)
        #expect(unknown.err.contains("no DAG 'elt'"))
        #expect(unknown.err.contains("did you mean 'etl'"))
        #expect(unknown.out.isEmpty)

        do {
            _ = try RunsListCommand.parse(["etl", "--state", "done"])
            Issue.record("--state done parsed")
        } catch {
            #expect(RunsListCommand.message(for: error).contains("--state 'done' is not a run state"))
        }
        #expect(throws: (any Error).self) { try parse(["runs", "list", "etl", "--limit", "0"], as: RunsListCommand.self) }
    }

    @Test("tasks states: one row per task instance with try, times, duration and host")
    func taskStates() async throws {
        let fixture = try await StoreCommandHome()
        let json = CapturedIO()
        let command: TasksStatesCommand = try parse(["tasks", "states", "etl", StoreCommandHome.runId,
                                                     "--home", fixture.path, "--json"])
        #expect(try await command.execute(io: json.io) == 0)
        let rows = try JSONDecoder().decode([TasksStatesCommand.Row].self, from: Data(json.out.utf8))
        #expect(rows.map(\.taskId) == ["extract", "fan", "fan", "load", "report"])
        #expect(rows.map(\.mapIndex) == [-1, 0, 1, -1, -1])
        let load = try #require(rows.first { $0.taskId == "load" })
        #expect(load.state == "failed")
        #expect(load.tryNumber == 2)
        #expect(load.duration == 2.5)
        #expect(load.hostname == "worker-1")
        #expect(load.startDate == "2026-11-01T00:00:01+00:00")
        #expect(rows.first { $0.taskId == "report" }?.state == "upstream_failed")

        let text = CapturedIO()
        let plain: TasksStatesCommand = try parse(["tasks", "states", "etl", StoreCommandHome.runId, "--home", fixture.path])
        #expect(try await plain.execute(io: text.io) == 0)
        #expect(text.out.contains("\nload     -          failed           2    2026-11-01T00:00:01+00:00  2026-11-01T00:00:03+00:00  2.5s      worker-1  -"))
        #expect(rows.allSatisfy { $0.nextTryAt == nil })
    }

    @Test("tasks states: an instance waiting for its retry shows when it runs again")
    func taskStatesNextTry() async throws {
        let fixture = try await StoreCommandHome()
        var waiting = try #require(try await fixture.store.taskInstances(dagId: "etl", runId: StoreCommandHome.runId)
            .first { $0.id.taskId == "load" })
        waiting.state = .upForRetry
        waiting.nextTryAt = StoreCommandHome.logicalDate.addingTimeInterval(300)
        var batch = StoreBatch()
        batch.taskInstances = [waiting]
        try await fixture.store.commit(batch)
        let json = CapturedIO()
        let command: TasksStatesCommand = try parse(["tasks", "states", "etl", StoreCommandHome.runId,
                                                     "--home", fixture.path, "--json"])
        #expect(try await command.execute(io: json.io) == 0)
        let rows = try JSONDecoder().decode([TasksStatesCommand.Row].self, from: Data(json.out.utf8))
        let load = try #require(rows.first { $0.taskId == "load" })
        #expect(load.state == "up_for_retry")
        #expect(load.nextTryAt == "2026-11-01T00:05:00+00:00")
        #expect(json.out.contains("\"next_try_at\""))
        let text = CapturedIO()
        let plain: TasksStatesCommand = try parse(["tasks", "states", "etl", StoreCommandHome.runId, "--home", fixture.path])
        #expect(try await plain.execute(io: text.io) == 0)
        #expect(text.out.contains("up_for_retry") && text.out.contains("2026-11-01T00:05:00+00:00"))
    }

    @Test("tasks states: an unknown run is named, with the run ids that exist")
    func taskStatesUnknownRun() async throws {
        let fixture = try await StoreCommandHome()
        let captured = CapturedIO()
        let command: TasksStatesCommand = try parse(["tasks", "states", "etl", "manual__2026-11-02", "--home", fixture.path])
        #expect(try await command.execute(io: captured.io) == 1)
        #expect(captured.err.contains("DAG 'etl' has no run 'manual__2026-11-02'"))
        #expect(captured.out.isEmpty)
    }

    @Test("tasks logs: the latest try by default, --try N, --map-index, --json")
    func logs() async throws {
        let fixture = try await StoreCommandHome()
        try fixture.writeLog("load", try: 1, "first try\nfailed\n")
        try fixture.writeLog("load", try: 2, "second try\n")
        try fixture.writeLog("fan", try: 1, mapIndex: 1, "fan one\n")
        func run(_ args: [String]) async throws -> (Int32, CapturedIO) {
            let captured = CapturedIO()
            let command: TasksLogsCommand = try parse(["tasks", "logs", "etl", StoreCommandHome.runId] + args
                                                      + ["--home", fixture.path])
            return (try await command.execute(io: captured.io), captured)
        }
        var (code, captured) = try await run(["load"])
        #expect(code == 0)
        #expect(captured.out == "second try")
        (code, captured) = try await run(["load", "--try", "1"])
        #expect(captured.out == "first try\nfailed")
        (code, captured) = try await run(["fan", "--map-index", "1", "--json"])
        #expect(code == 0)
        let output = try JSONDecoder().decode(TasksLogsCommand.Output.self, from: Data(captured.out.utf8))
        #expect(output.log == "fan one\n")
        #expect(output.path.hasSuffix("task_id=fan/map_index=1/attempt=1.log"))
    }

    @Test("tasks logs: a missing file names its path; unknown task, try and map index are named")
    func logsErrors() async throws {
        let fixture = try await StoreCommandHome()
        func err(_ args: [String]) async throws -> String {
            let captured = CapturedIO()
            let command: TasksLogsCommand = try parse(["tasks", "logs", "etl", StoreCommandHome.runId] + args
                                                      + ["--home", fixture.path])
            #expect(try await command.execute(io: captured.io) == 1)
            #expect(captured.out.isEmpty)
            return captured.err
        }
        // A failed try without a file (retention removed it) is an error naming the path.
        let missing = try await err(["load", "--try", "1"])
        #expect(missing.contains("\(fixture.path)/logs/dag_id=etl/run_id=\(StoreCommandHome.runId)/task_id=load/attempt=1.log does not exist"))
        #expect(try await err(["lod"]).contains("has no task 'lod' (did you mean 'load'?)"))
        #expect(try await err(["load", "--try", "3"]).contains("has made 2 tries; no try 3"))
        #expect(try await err(["report"]).contains("has not started a try yet"))
        #expect(try await err(["fan"]).contains("is mapped: pass --map-index (0...1)"))
        #expect(try await err(["fan", "--map-index", "5"]).contains("has no map index 5"))
        #expect(throws: (any Error).self) {
            try parse(["tasks", "logs", "etl", "r", "t", "--try", "0"], as: TasksLogsCommand.self)
        }
    }

    @Test("tasks logs: the latest try of a task that succeeded without output shows its row's lines, exit 0")
    func logsOfSilentSuccess() async throws {
        let fixture = try await StoreCommandHome()
        let captured = CapturedIO()
        let command: TasksLogsCommand = try parse(["tasks", "logs", "etl", StoreCommandHome.runId, "extract",
                                                   "--home", fixture.path])
        #expect(try await command.execute(io: captured.io) == 0)
        let lines = captured.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(captured.out)")
        #expect(lines.first?.hasPrefix("*** etl/\(StoreCommandHome.runId)/extract try 1") == true, "\(captured.out)")
        #expect(lines.first?.contains("try 1 started at") == true)
        #expect(lines[1].contains("no output kept"))
        #expect(lines.last?.contains("try 1 ended: success") == true, "\(captured.out)")
        #expect(captured.err.isEmpty)
    }

    @Test("tasks clear TASK: that task back to none, the run back to queued")
    func clearOne() async throws {
        let fixture = try await StoreCommandHome()
        let captured = CapturedIO()
        let command: TasksClearCommand = try parse(["tasks", "clear", "etl", StoreCommandHome.runId, "load",
                                                    "--home", fixture.path, "--json"])
        #expect(try await command.execute(io: captured.io) == 0)
        let output = try JSONDecoder().decode(TasksClearCommand.Output.self, from: Data(captured.out.utf8))
        #expect(output.cleared == 1)
        #expect(output.taskIds == ["load"])
        let states = Dictionary(try await fixture.store.taskInstances(dagId: "etl", runId: StoreCommandHome.runId)
            .map { ($0.id.taskId, $0.state) }, uniquingKeysWith: { a, _ in a })
        #expect(states["load"] == TaskInstanceState.none)
        #expect(states["report"] == .upstreamFailed)
        #expect(states["extract"] == .success)
        #expect(try await fixture.store.dagRun(dagId: "etl", runId: StoreCommandHome.runId)?.state == .queued)
    }

    @Test("tasks clear --downstream reads the DAG file and clears everything below")
    func clearDownstream() async throws {
        let fixture = try await StoreCommandHome()
        let captured = CapturedIO()
        let command: TasksClearCommand = try parse(["tasks", "clear", "etl", StoreCommandHome.runId, "extract",
                                                    "--downstream", "--home", fixture.path])
        #expect(try await command.execute(io: captured.io) == 0)
        #expect(captured.out == "cleared 3 task instance(s) of etl/\(StoreCommandHome.runId): extract, load, report")
        let cleared = try await fixture.store.taskInstances(dagId: "etl", runId: StoreCommandHome.runId)
            .filter { $0.state == .none }.map(\.id.taskId)
        #expect(Set(cleared) == ["extract", "load", "report"])
    }

    @Test("tasks clear with no task ids clears the whole run")
    func clearAll() async throws {
        let fixture = try await StoreCommandHome()
        let captured = CapturedIO()
        let command: TasksClearCommand = try parse(["tasks", "clear", "etl", StoreCommandHome.runId, "--home", fixture.path])
        #expect(try await command.execute(io: captured.io) == 0)
        #expect(captured.out.hasPrefix("cleared 5 task instance(s)"))
    }

    @Test("tasks clear: an unknown task or run changes nothing; a missing DAG folder for --downstream is named")
    func clearErrors() async throws {
        let fixture = try await StoreCommandHome()
        let tokenBefore = try await fixture.store.externalChangeToken()
        func err(_ args: [String]) async throws -> String {
            let captured = CapturedIO()
            let command: TasksClearCommand = try parse(["tasks", "clear"] + args + ["--home", fixture.path])
            #expect(try await command.execute(io: captured.io) == 1)
            return captured.err
        }
        #expect(try await err(["etl", StoreCommandHome.runId, "load", "lod"]).contains("has no task 'lod'"))
        #expect(try await err(["etl", "nope", "load"]).contains("has no run 'nope'"))
        #expect(try await err(["etl", StoreCommandHome.runId, "load", "--downstream", "--dags-folder", "/nonexistent/dags"])
            .contains("'/nonexistent/dags' does not exist"))
        #expect(try await fixture.store.externalChangeToken() == tokenBefore)
        #expect(try await fixture.store.dagRun(dagId: "etl", runId: StoreCommandHome.runId)?.state == .failed)
    }
}
