import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft dags backfill DAG_ID --start T --end T`: one backfill run per schedule
/// interval whose logical date lies in [start, end], as Airflow's backfill: runs that
/// already exist for a logical date (of any run type) are left alone, the others are
/// created queued with run type `backfill` and run id `backfill__<logical date>`; the
/// scheduler runs them (oldest first, within `max_active_runs`), paused DAG or not
/// being its call.
struct DagsBackfillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backfill",
        abstract: "Create backfill runs for every scheduled logical date in [--start, --end].",
        discussion: """
            Dates without an offset are read in the DAG's timezone. The DAG is read from the \
            DAG folder (it needs a cron or interval schedule, or @once). Logical dates that \
            already have a run are skipped and listed. Prints the run ids created.
            """
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Option(help: "First logical date (ISO-8601, e.g. 2026-03-01 or 2026-03-01T06:00:00Z).")
    var start: String

    @Option(help: "Last logical date, inclusive.")
    var end: String

    @Flag(name: .customLong("dry-run"), help: "Print the runs without creating them.")
    var dryRun = false

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print JSON: {\"created\": [run ids], \"existing\": [run ids]}.")
    var json = false

    /// What --json prints.
    struct Output: Codable, Equatable {
        var created: [String]
        var existing: [String]
    }

    /// Most runs one backfill creates.
    static let maxRuns = 10_000

    func validate() throws {
        guard let s = ISOTimestamp.parse(start, defaultTimeZone: .gmt) else {
            throw ValidationError("invalid --start '\(start)': expected ISO-8601 like 2026-03-01 or 2026-03-01T06:00:00Z")
        }
        guard let e = ISOTimestamp.parse(end, defaultTimeZone: .gmt) else {
            throw ValidationError("invalid --end '\(end)': expected ISO-8601 like 2026-03-07 or 2026-03-07T06:00:00Z")
        }
        guard e >= s else { throw ValidationError("invalid range: --end \(end) is before --start \(start)") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, now: Date()))
    }

    /// Creates the runs; returns the exit code.
    func execute(io: CommandIO, now: Date) async throws -> Int32 {
        guard let bag = await DagSource.load(folder: location.folder(), io: io),
              let dag = DagSource.dag(dagId, in: bag, io: io) else { return 1 }
        let zone = dag.timezone
        guard let from = ISOTimestamp.parse(start, defaultTimeZone: zone),
              let to = ISOTimestamp.parse(end, defaultTimeZone: zone) else { return 2 }
        let infos = dag.timetable.runs(between: from, and: to, limit: Self.maxRuns + 1)
        guard !infos.isEmpty else {
            let why = dag.noRunsReason.map { " (\($0))" } ?? ""
            io.err("error: DAG '\(dagId)' has no scheduled logical date between \(ISOTimestamp.format(from, in: zone)) "
                + "and \(ISOTimestamp.format(to, in: zone))\(why)")
            return 1
        }
        guard infos.count <= Self.maxRuns else {
            io.err("error: the range holds more than \(Self.maxRuns) runs of '\(dagId)'; backfill a shorter range")
            return 1
        }
        let store: any ManagedStore
        switch await RunHomeAccess.open(home: location.home, store: location.store, io: io) {
        case .success(let opened): store = opened.1
        case .failure(let failure): return failure.exitCode
        }
        let existing = try await store.dagRuns(dagId: dagId, states: nil, limit: nil)
        let byDate = Dictionary(existing.map { ($0.logicalDate, $0.runId) }, uniquingKeysWith: { a, _ in a })
        var output = Output(created: [], existing: [])
        var created: [DagRunRecord] = []
        for info in infos {
            if let runId = byDate[info.logicalDate] {
                output.existing.append(runId)
                continue
            }
            let run = DagRunRecord(
                dagId: dagId, runId: DagRunType.backfill.runId(logicalDate: info.logicalDate),
                logicalDate: info.logicalDate, dataIntervalStart: info.dataInterval.start,
                dataIntervalEnd: info.dataInterval.end, state: .queued, runType: .backfill, queuedAt: now)
            created.append(run)
            output.created.append(run.runId)
        }
        if !dryRun {
            if !created.isEmpty, try await !store.dags().contains(where: { $0.dagId == dagId }) {
                try await store.syncDags([DagRecord(dagId: dagId, fileLocation: dag.fileLocation, isPaused: false,
                                                    lastParsedAt: now)])
            }
            for run in created {
                do {
                    try await store.createDagRun(run)
                } catch let error as StoreError where error.code == .duplicateRun {
                    // The scheduler created a run for that date meanwhile: it exists now.
                    output.created.removeAll { $0 == run.runId }
                    output.existing.append(run.runId)
                }
            }
        }
        if json {
            io.out(try JSONOutput.encode(output))
        } else {
            let verb = dryRun ? "would create" : "created"
            output.created.forEach { io.out("\(verb) \($0)") }
            output.existing.forEach { io.out("exists  \($0) (skipped)") }
            io.err("\(dagId): \(output.created.count) backfill run(s) \(verb), \(output.existing.count) already existed")
        }
        return 0
    }
}
