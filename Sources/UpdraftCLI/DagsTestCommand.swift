import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft dags test DAG_ID`: one DAG run in a throwaway home (Airflow's `dags test`):
/// a ``StandaloneRuntime`` with one local worker, the DAG triggered, waited for, and each
/// task instance's final state printed. Nothing touches the real home.
struct DagsTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run one DAG run in a throwaway home and print each task instance's state and duration.",
        discussion: """
            For trying a DAG before it ships. The home is a temporary folder, deleted afterwards \
            unless --keep-home (then its path is printed on stderr, with the task logs inside). \
            Only this DAG is loaded, and it gets no scheduled runs. One local worker serves \
            every queue the DAG uses. The logs of failed tries are printed on stderr. Exit 0 \
            when the run succeeded, 1 otherwise. --json prints a list of objects with exactly \
            task_id, map_index, state, try_number, duration (seconds; 0 when the task never ran).
            """
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Option(name: .customLong("logical-date"), help: "ISO-8601 logical date (default now; without offset: the DAG's timezone).")
    var logicalDate: String?

    @Option(help: ArgumentHelp("A JSON object for the run's conf.", valueName: "json"))
    var conf: String?

    @Option(help: "Slots of the local worker.")
    var concurrency = 16

    @Flag(name: .customLong("keep-home"), help: "Keep the throwaway home (store and logs) and print its path.")
    var keepHome = false

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print JSON: a list of {task_id, map_index, state, try_number, duration}.")
    var json = false

    func validate() throws {
        if let logicalDate, ISOTimestamp.parse(logicalDate, defaultTimeZone: .gmt) == nil {
            throw ValidationError("invalid --logical-date '\(logicalDate)': expected ISO-8601 like 2026-03-01T06:00:00Z or 2026-03-01")
        }
        if let conf {
            do { _ = try ConfJSONParser.parseObject(conf) } catch { throw ValidationError("invalid --conf JSON at \(error)") }
        }
        guard (1...1024).contains(concurrency) else { throw ValidationError("invalid --concurrency \(concurrency): must be 1...1024") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, now: Date()))
    }

    /// Runs the DAG once; returns the exit code.
    func execute(io: CommandIO, now: Date) async throws -> Int32 {
        guard let bag = await DagSource.load(folder: location.folder(), io: io),
              let dag = DagSource.dag(dagId, in: bag, io: io) else { return 1 }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-dags-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer {
            if keepHome { io.err("note: the test home is kept at \(root.path)") }
            else { try? FileManager.default.removeItem(at: root) }
        }
        let logical = logicalDate.flatMap { ISOTimestamp.parse($0, defaultTimeZone: dag.timezone) }
            ?? Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let confObject = (try? conf.map(ConfJSONParser.parseObject)) ?? [:]
        let outcome = try await DagTestRun(dag: dag, home: UpdraftHome.resolve(explicit: root.path),
                                           concurrency: concurrency)
            .run(logicalDate: logical, conf: confObject)
        let rows = TaskInstanceRow.rows(outcome.records, dag: dag)
        if json {
            io.out(try JSONOutput.encode(rows))
        } else {
            TaskInstanceRow.table(rows).forEach(io.out)
            io.out("run \(outcome.runId) of \(dagId): \(outcome.state.rawValue)")
        }
        for record in outcome.records where record.state == .failed || record.state == .upForRetry {
            io.err(outcome.failureReport(record))
        }
        return outcome.state == .success ? 0 : 1
    }
}
