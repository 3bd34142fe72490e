import ArgumentParser
import Foundation
import UpdraftCore

/// `updraft dags next-runs DAG_ID`: the runs the scheduler would create next, with their
/// logical date, data interval and the moment each may start.
struct DagsNextRunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next-runs",
        abstract: "Print a DAG's next runs: logical date, data interval, run after.",
        discussion: """
            As the scheduler sees a DAG with no runs yet at --from (default now): with \
            catchup=false the first run is the latest interval that has ended (due at once), \
            with catchup=true it is the first interval from start_date. Times are shown in \
            the DAG's timezone.
            """
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Option(name: [.customShort("n"), .customLong("count")], help: "How many runs to print.")
    var count = 5

    @Option(help: "Pretend the clock reads this ISO-8601 time (e.g. 2026-03-01T06:00:00Z); default now.")
    var from: String?

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print JSON.")
    var json = false

    /// One run, as printed with --json.
    struct Run: Codable, Equatable {
        var logicalDate: String
        var dataIntervalStart: String
        var dataIntervalEnd: String
        var runAfter: String

        enum CodingKeys: String, CodingKey {
            case logicalDate = "logical_date", dataIntervalStart = "data_interval_start"
            case dataIntervalEnd = "data_interval_end", runAfter = "run_after"
        }
    }

    func validate() throws {
        guard (1...10_000).contains(count) else {
            throw ValidationError("invalid -n \(count): must be between 1 and 10000")
        }
        if let from, ISOTimestamp.parse(from, defaultTimeZone: .utcZone) == nil {
            throw ValidationError("invalid --from '\(from)': expected ISO-8601 like 2026-03-01T06:00:00Z or 2026-03-01")
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, now: Date()))
    }

    /// Prints the runs as of `now` (or --from); returns the exit code.
    func execute(io: CommandIO, now: Date) async throws -> Int32 {
        guard let bag = await DagSource.load(folder: location.folder(), io: io),
              let dag = DagSource.dag(dagId, in: bag, io: io) else { return 1 }
        let start = from.flatMap { ISOTimestamp.parse($0, defaultTimeZone: dag.timezone) } ?? now
        let zone = dag.timezone
        let runs = dag.nextRuns(now: start, count: count).map {
            Run(logicalDate: ISOTimestamp.format($0.logicalDate, in: zone),
                dataIntervalStart: ISOTimestamp.format($0.dataInterval.start, in: zone),
                dataIntervalEnd: ISOTimestamp.format($0.dataInterval.end, in: zone),
                runAfter: ISOTimestamp.format($0.runAfter, in: zone))
        }
        if json {
            io.out(try JSONOutput.encode(runs))
            return 0
        }
        guard !runs.isEmpty else {
            io.out("\(dag.dagId): no scheduled runs (\(dag.noRunsReason ?? "past end_date"))")
            return 0
        }
        let rows = [["logical_date", "data_interval", "run_after"]]
            + runs.map { [$0.logicalDate, "\($0.dataIntervalStart) .. \($0.dataIntervalEnd)", $0.runAfter] }
        TextTable.lines(rows).forEach(io.out)
        return 0
    }
}
