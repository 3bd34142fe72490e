import ArgumentParser
import Foundation
import UpdraftCore

/// `updraft dags list-import-errors`: every file of the DAG folder that did not load, with
/// each of its errors.
struct DagsListImportErrorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-import-errors",
        abstract: "List the DAG files that did not load, with every error (file:line:col)."
    )

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print a JSON list of {file, errors: [{code, message, line, column, dag_id, task_id}]}.")
    var json = false

    /// One error of a file, as printed with --json.
    struct Entry: Codable, Equatable {
        struct Problem: Codable, Equatable {
            var code: String
            var message: String
            var line: Int?
            var column: Int?
            var dagId: String?
            var taskId: String?

            enum CodingKeys: String, CodingKey {
                case code, message, line, column, dagId = "dag_id", taskId = "task_id"
            }
        }
        var file: String
        var errors: [Problem]
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists the import errors; returns the exit code (0 even when there are some).
    func execute(io: CommandIO) async throws -> Int32 {
        guard let bag = await DagSource.load(folder: location.folder(), io: io) else { return 1 }
        if json {
            let entries = bag.importErrors.map { e in
                Entry(file: e.file, errors: e.errors.map {
                    Entry.Problem(code: $0.code.rawValue, message: $0.message, line: $0.line, column: $0.column,
                                  dagId: $0.dagId, taskId: $0.taskId)
                })
            }
            io.out(try JSONOutput.encode(entries))
        } else if bag.importErrors.isEmpty {
            io.out("no import errors (\(bag.dags.count) DAGs loaded)")
        } else {
            for e in bag.importErrors {
                for error in e.errors { io.out(DagsValidateCommand.line(error, file: e.file)) }
            }
        }
        return 0
    }
}
