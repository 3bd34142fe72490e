import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftLoader

/// `updraft dags list`: one line per DAG with its schedule, next run, tags and file.
struct DagsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the DAGs: id, schedule, next run, tags, file.",
        discussion: "Files that did not load are counted at the end; see `updraft dags list-import-errors`."
    )

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print a JSON list of objects instead of a table.")
    var json = false

    /// One listed DAG.
    struct Row: Codable, Equatable {
        var dagId: String
        var schedule: String
        var nextRun: String?
        var nextRunAfter: String?
        var tags: [String]
        var file: String
        var tasks: Int

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", schedule, nextRun = "next_run", nextRunAfter = "next_run_after", tags, file, tasks
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, now: Date()))
    }

    /// Lists the DAGs as of `now`; returns the exit code.
    func execute(io: CommandIO, now: Date) async throws -> Int32 {
        guard let bag = await DagSource.load(folder: location.folder(), io: io) else { return 1 }
        let rows = bag.dags.sorted { $0.dagId < $1.dagId }.map { Self.row($0, now: now) }
        if json {
            io.out(try JSONOutput.encode(rows))
        } else if rows.isEmpty {
            io.out("no DAGs in '\(bag.folder)'")
        } else {
            let table = [["dag_id", "schedule", "next run", "tags", "file"]]
                + rows.map { [$0.dagId, $0.schedule, $0.nextRun ?? "-", $0.tags.joined(separator: ","), $0.file] }
            TextTable.lines(table).forEach(io.out)
        }
        if !bag.importErrors.isEmpty {
            io.err("\(bag.importErrors.count) file(s) did not load: see `updraft dags list-import-errors`")
        }
        return 0
    }

    static func row(_ dag: Dag, now: Date) -> Row {
        let next = dag.nextRuns(now: now, count: 1).first
        return Row(dagId: dag.dagId, schedule: dag.schedule.description,
                   nextRun: next.map { ISOTimestamp.format($0.logicalDate, in: dag.timezone) },
                   nextRunAfter: next.map { ISOTimestamp.format($0.runAfter, in: dag.timezone) },
                   tags: dag.tags, file: dag.fileLocation ?? "-", tasks: dag.tasks.count)
    }
}
