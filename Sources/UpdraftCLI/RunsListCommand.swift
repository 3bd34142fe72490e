import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft runs list DAG_ID [--state S] [--limit N]`: a DAG's runs, newest first.
struct RunsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List a DAG's runs, newest logical date first."
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Option(help: ArgumentHelp("Only runs in this state (queued, running, success, failed).", valueName: "state"))
    var state: String?

    @Option(help: ArgumentHelp("At most this many runs.", valueName: "n"))
    var limit: Int?

    @OptionGroup var options: HomeOptions

    /// One listed run.
    struct Row: Codable, Equatable {
        var dagId: String
        var runId: String
        var state: String
        var runType: String
        var logicalDate: String
        var dataIntervalStart: String
        var dataIntervalEnd: String
        var queuedAt: String
        var startDate: String?
        var endDate: String?
        var conf: [String: JSONValue]

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", runId = "run_id", state, runType = "run_type", logicalDate = "logical_date"
            case dataIntervalStart = "data_interval_start", dataIntervalEnd = "data_interval_end"
            case queuedAt = "queued_at", startDate = "start_date", endDate = "end_date", conf
        }

        init(_ run: DagRunRecord) {
            let format = { (date: Date) in ISOTimestamp.format(date, in: .utcZone) }
            dagId = run.dagId
            runId = run.runId
            state = run.state.rawValue
            runType = run.runType.rawValue
            logicalDate = format(run.logicalDate)
            dataIntervalStart = format(run.dataIntervalStart)
            dataIntervalEnd = format(run.dataIntervalEnd)
            queuedAt = format(run.queuedAt)
            startDate = run.startDate.map(format)
            endDate = run.endDate.map(format)
            conf = run.conf
        }
    }

    /// The `--state` filter, when valid.
    var stateFilter: DagRunState? { state.flatMap(DagRunState.init(rawValue:)) }

    func validate() throws {
        if let state, DagRunState(rawValue: state) == nil {
            throw ValidationError("--state '\(state)' is not a run state; use one of "
                + DagRunState.allCases.map(\.rawValue).joined(separator: ", "))
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more, not \(limit)") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists the runs; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await StoreLookup.requireDag(dagId, in: store, io: io) else { return 1 }
            let runs = try await store.dagRuns(dagId: dagId, states: stateFilter.map { [$0] }, limit: limit)
            let rows = runs.map(Row.init)
            if options.json {
                io.out(try JSONOutput.encode(rows))
            } else if rows.isEmpty {
                io.out("no runs of '\(dagId)'" + (state.map { " in state \($0)" } ?? ""))
            } else {
                let table = [["run_id", "state", "run_type", "logical_date", "start", "end", "duration"]]
                    + runs.map { run in
                        [run.runId, run.state.rawValue, run.runType.rawValue,
                         StoreAccess.format(run.logicalDate), StoreAccess.format(run.startDate),
                         StoreAccess.format(run.endDate),
                         StoreAccess.format(duration: run.startDate.flatMap { s in run.endDate.map { $0.timeIntervalSince(s) } })]
                    }
                TextTable.lines(table).forEach(io.out)
            }
            return 0
        }
    }
}
