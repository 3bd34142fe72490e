import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft dags trigger DAG_ID`: creates a manual DAG run in the store; a running
/// scheduler picks it up at once (it polls the store's change token), and with no
/// scheduler running the run stays queued until one starts.
struct DagsTriggerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trigger",
        abstract: "Create a manual DAG run (state queued); --wait blocks until it ends.",
        discussion: """
            The run id is manual__<logical date> (Airflow's). The logical date defaults to now \
            (whole seconds); its data interval is the DAG schedule's last complete interval \
            before it. --conf overrides the DAG's params for this run. The DAG must be known to \
            the store (a scheduler registers the DAGs of its folder when it starts). With \
            --wait: prints every task instance's final state and exits 0 when the run \
            succeeded, 1 otherwise.
            """
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Option(help: ArgumentHelp("A JSON object for the run's conf, e.g. '{\"limit\": 5}'.", valueName: "json"))
    var conf: String?

    @Option(name: .customLong("logical-date"),
            help: "ISO-8601 logical date (e.g. 2026-03-01T06:00:00Z; without offset: the DAG's timezone). Default now.")
    var logicalDate: String?

    @Flag(help: "Block until the run ends; exit 0 on success, 1 otherwise.")
    var wait = false

    @Option(help: "With --wait: give up after this many seconds (exit 1).")
    var timeout: Double?

    @Option(help: ArgumentHelp("Updraft home folder (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp(StoreOpening.help, valueName: "url"))
    var store: String?

    @Flag(help: "Print JSON.")
    var json = false

    /// What --json prints.
    struct Output: Codable, Equatable {
        var dagId: String
        var runId: String
        var logicalDate: String
        var state: String
        var conf: [String: JSONValue]
        var taskInstances: [TaskInstanceRow]?

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", runId = "run_id", logicalDate = "logical_date", state, conf
            case taskInstances = "task_instances"
        }
    }

    func validate() throws {
        if let conf {
            do { _ = try ConfJSONParser.parseObject(conf) } catch {
                throw ValidationError("invalid --conf JSON at \(error)")
            }
        }
        if let logicalDate, ISOTimestamp.parse(logicalDate, defaultTimeZone: .gmt) == nil {
            throw ValidationError("invalid --logical-date '\(logicalDate)': expected ISO-8601 like 2026-03-01T06:00:00Z or 2026-03-01")
        }
        if let timeout, !(timeout > 0) {
            throw ValidationError("invalid --timeout \(timeout): must be a positive number of seconds")
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, now: Date()))
    }

    /// Creates the run (and waits with --wait); returns the exit code.
    func execute(io: CommandIO, now: Date) async throws -> Int32 {
        let (updraftHome, store): (UpdraftHome, any ManagedStore)
        switch await RunHomeAccess.open(home: home, store: self.store, io: io) {
        case .success(let opened): (updraftHome, store) = opened
        case .failure(let failure): return failure.exitCode
        }
        let known = try await store.dags()
        guard let record = known.first(where: { $0.dagId == dagId }) else {
            io.err(RunHomeAccess.unknownDag(dagId, known: known.map(\.dagId), store: store.location))
            return 1
        }
        let dag = RunHomeAccess.definition(of: record)
        let zone = dag?.timezone ?? .gmt
        let run = ManualTrigger.run(
            dagId: dagId, definition: dag, logicalDate: logicalDate.flatMap { ISOTimestamp.parse($0, defaultTimeZone: zone) },
            conf: (try? conf.map(ConfJSONParser.parseObject)) ?? [:], now: now)
        let logical = run.logicalDate
        do {
            try await store.createDagRun(run)
        } catch let error as StoreError where error.code == .duplicateRun {
            io.err("error: DAG '\(dagId)' already has a run '\(run.runId)' or a run at logical date "
                + "\(ISOTimestamp.format(logical, in: zone)); pass another --logical-date")
            return 1
        }
        if record.isPaused {
            io.err("note: DAG '\(dagId)' is paused: the run stays queued until `updraft dags unpause \(dagId)`")
        }
        if RunHomeAccess.runningScheduler(updraftHome) == nil { io.err(RunHomeAccess.noSchedulerNote(updraftHome)) }
        guard wait else {
            if json {
                io.out(try JSONOutput.encode(output(run, zone: zone, rows: nil)))
            } else {
                io.out("created run \(run.runId) of \(dagId) (logical_date \(ISOTimestamp.format(logical, in: zone)), state queued)")
            }
            return 0
        }
        if !json { io.out("created run \(run.runId) of \(dagId); waiting for it to end...") }
        guard let ended = try await RunWaiter().wait(store: store, dagId: dagId, runId: run.runId,
                                                     timeout: timeout.map { .milliseconds(Int64($0 * 1000)) }) else {
            io.err("error: run \(run.runId) of \(dagId) did not end within \(timeout ?? 0) s (it keeps going)")
            return 1
        }
        let rows = TaskInstanceRow.rows(try await store.taskInstances(dagId: dagId, runId: run.runId), dag: dag)
        if json {
            io.out(try JSONOutput.encode(output(ended, zone: zone, rows: rows)))
        } else {
            TaskInstanceRow.table(rows).forEach(io.out)
            let took = ended.startDate.flatMap { s in ended.endDate.map { String(format: " in %.1fs", $0.timeIntervalSince(s)) } } ?? ""
            io.out("run \(ended.runId) of \(dagId): \(ended.state.rawValue)\(took)")
        }
        return ended.state == .success ? 0 : 1
    }

    private func output(_ run: DagRunRecord, zone: TimeZone, rows: [TaskInstanceRow]?) -> Output {
        Output(dagId: run.dagId, runId: run.runId, logicalDate: ISOTimestamp.format(run.logicalDate, in: zone),
               state: run.state.rawValue, conf: run.conf, taskInstances: rows)
    }
}
