import ArgumentParser
import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftCLI

@Suite("updraft dags trigger / backfill")
struct DagsTriggerCommandTests {
    static let now = Date(timeIntervalSince1970: 1_774_699_200.7)  // 2026-03-28T12:00:00.7Z

    /// A home whose store knows `daily_report` (from the examples folder).
    func homeWithExamples() async throws -> (String, SQLiteStore) {
        let home = try CLIPaths.temporaryFolder()
        let store = try SQLiteStore(path: UpdraftHome.resolve(explicit: home).databasePath)
        try await store.syncDags([DagRecord(dagId: "daily_report", fileLocation: CLIPaths.examples + "/daily_report.yml"),
                                  DagRecord(dagId: "paused_one", isPaused: true)])
        return (home, store)
    }

    @Test("trigger creates a queued manual run with conf, logical date in whole seconds, inferred data interval")
    func triggerCreatesRun() async throws {
        let (home, store) = try await homeWithExamples()
        let command: DagsTriggerCommand = try parse(["dags", "trigger", "daily_report", "--home", home, "--json",
                                                     "--conf", #"{"region": "us", "limit": 3}"#])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: Self.now) == 0)
        let output = try JSONDecoder().decode(DagsTriggerCommand.Output.self, from: Data(captured.out.utf8))
        #expect(output.runId == "manual__2026-03-28T12:00:00+00:00")
        #expect(output.state == "queued")
        let run = try #require(try await store.dagRun(dagId: "daily_report", runId: output.runId))
        #expect(run.runType == .manual)
        #expect(run.state == .queued)
        #expect(run.conf == ["region": .string("us"), "limit": .int(3)])
        #expect(run.logicalDate == Date(timeIntervalSince1970: 1_774_699_200))
        // 0 6 * * * Europe/Berlin: the last complete interval before 13:00 CET on 03-28.
        #expect(ISOTimestamp.format(run.dataIntervalStart, in: .gmt) == "2026-03-27T05:00:00+00:00")
        #expect(ISOTimestamp.format(run.dataIntervalEnd, in: .gmt) == "2026-03-28T05:00:00+00:00")
        #expect(captured.err.contains("no scheduler is running"))
    }

    @Test("a second trigger at the same logical date is refused; --logical-date picks another")
    func duplicateLogicalDate() async throws {
        let (home, store) = try await homeWithExamples()
        let first: DagsTriggerCommand = try parse(["dags", "trigger", "daily_report", "--home", home,
                                                   "--logical-date", "2026-03-01T06:00:00"])
        #expect(try await first.execute(io: CapturedIO().io, now: Self.now) == 0)
        let captured = CapturedIO()
        #expect(try await first.execute(io: captured.io, now: Self.now) == 1)
        #expect(captured.err.contains("already has a run 'manual__2026-03-01T05:00:00+00:00'"))
        #expect(try await store.dagRuns(dagId: "daily_report", states: nil, limit: nil).count == 1)
    }

    @Test("unknown DAG: error naming the store and a close id; paused DAG: a note")
    func unknownAndPaused() async throws {
        let (home, store) = try await homeWithExamples()
        let typo: DagsTriggerCommand = try parse(["dags", "trigger", "daily_reprot", "--home", home])
        let captured = CapturedIO()
        #expect(try await typo.execute(io: captured.io, now: Self.now) == 1)
        #expect(captured.err.contains("no DAG 'daily_reprot' in the store at"))
        #expect(captured.err.contains("did you mean 'daily_report'?"))
        let paused: DagsTriggerCommand = try parse(["dags", "trigger", "paused_one", "--home", home])
        let note = CapturedIO()
        #expect(try await paused.execute(io: note.io, now: Self.now) == 0)
        #expect(note.err.contains("is paused"))
        #expect(try await store.dagRuns(dagId: "paused_one", states: nil, limit: nil).first?.logicalDate != nil)
    }

    @Test("bad --conf and --logical-date are usage errors naming the input", arguments: [
        (["--conf", #"{"a": }"#], "invalid --conf JSON at line 1, column 7"),
        (["--conf", "[]"], "expected a JSON object"),
        (["--logical-date", "2026-02-30"], "invalid --logical-date '2026-02-30'"),
        (["--timeout", "0"], "invalid --timeout"),
    ])
    func badOptions(extra: [String], message: String) {
        do {
            _ = try parse(["dags", "trigger", "daily_report"] + extra, as: DagsTriggerCommand.self)
            Issue.record("parsed \(extra)")
        } catch {
            #expect(UpdraftCommand.message(for: error).contains(message), "\(UpdraftCommand.message(for: error))")
        }
    }

    @Test("--wait returns 0 once the run succeeds and 1 when it fails, printing the task states")
    func waitExitCodes() async throws {
        let (home, store) = try await homeWithExamples()
        for (final, code) in [(DagRunState.success, Int32(0)), (.failed, 1)] {
            let date = final == .success ? "2026-03-01" : "2026-03-02"
            let command: DagsTriggerCommand = try parse(["dags", "trigger", "daily_report", "--home", home, "--wait",
                                                         "--logical-date", date])
            let captured = CapturedIO()
            // Plays the scheduler: ends the run once the command has created it.
            let finisher = Task {
                while true {
                    let runs = try await store.dagRuns(dagId: "daily_report", states: [.queued], limit: nil)
                    if var run = runs.first {
                        var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: "daily_report", runId: run.runId, taskId: "extract"),
                                                    state: final == .success ? .success : .failed, tryNumber: 1)
                        ti.startDate = run.queuedAt
                        ti.endDate = run.queuedAt.addingTimeInterval(1.5)
                        run.state = final
                        var batch = StoreBatch()
                        batch.dagRuns = [run]
                        batch.taskInstances = [ti]
                        try await store.commit(batch)
                        return
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(try await command.execute(io: captured.io, now: Self.now) == code)
            try await finisher.value
            #expect(captured.out.contains("extract"))
            #expect(captured.out.contains(final.rawValue))
            #expect(captured.out.contains("1.500s"))
        }
    }

    @Test("backfill creates one backfill run per logical date in range and skips existing ones")
    func backfill() async throws {
        let home = try CLIPaths.temporaryFolder()
        let args = ["dags", "backfill", "daily_report", "--start", "2026-03-01", "--end", "2026-03-03",
                    "--dags-folder", CLIPaths.examples, "--home", home]
        let first: DagsBackfillCommand = try parse(args)
        let captured = CapturedIO()
        #expect(try await first.execute(io: captured.io, now: Self.now) == 0)
        // 06:00 Europe/Berlin = 05:00 UTC; 03-01 06:00 is the first interval start on or after 03-01 00:00.
        #expect(captured.out == """
            created backfill__2026-03-01T05:00:00+00:00
            created backfill__2026-03-02T05:00:00+00:00
            """)
        let again: DagsBackfillCommand = try parse(args.map { $0 == "2026-03-03" ? "2026-03-04" : $0 } + ["--json"])
        let second = CapturedIO()
        #expect(try await again.execute(io: second.io, now: Self.now) == 0)
        let output = try JSONDecoder().decode(DagsBackfillCommand.Output.self, from: Data(second.out.utf8))
        #expect(output.created == ["backfill__2026-03-03T05:00:00+00:00"])
        #expect(output.existing.count == 2)
        let store = try SQLiteStore(path: UpdraftHome.resolve(explicit: home).databasePath)
        let runs = try await store.dagRuns(dagId: "daily_report", states: nil, limit: nil)
        #expect(runs.count == 3 && runs.allSatisfy { $0.runType == .backfill && $0.state == .queued })
        #expect(try await store.dags().contains { $0.dagId == "daily_report" })
    }

    @Test("backfill: bad dates and empty ranges are errors; nothing is created")
    func backfillErrors() async throws {
        let home = try CLIPaths.temporaryFolder()
        for (extra, message) in [(["--start", "soon", "--end", "2026-03-01"], "invalid --start 'soon'"),
                                 (["--start", "2026-03-02", "--end", "2026-03-01"], "is before --start")] {
            do {
                _ = try parse(["dags", "backfill", "daily_report", "--home", home] + extra, as: DagsBackfillCommand.self)
                Issue.record("parsed \(extra)")
            } catch {
                #expect(UpdraftCommand.message(for: error).contains(message))
            }
        }
        let manual = try CLIPaths.temporaryFolder()
        try Data("dag_id: manual_only\ntasks:\n  - {task_id: a, bash: 'true'}\n".utf8)
            .write(to: URL(fileURLWithPath: manual + "/m.yml"))
        let command: DagsBackfillCommand = try parse(["dags", "backfill", "manual_only", "--start", "2026-03-01",
                                                      "--end", "2026-03-05", "--dags-folder", manual, "--home", home])
        let captured = CapturedIO()
        #expect(try await command.execute(io: captured.io, now: Self.now) == 1)
        #expect(captured.err.contains("has no scheduled logical date"))
        #expect(captured.err.contains("schedule is none"))
    }
}
