import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft db clean --older-than 7d`: deletes finished runs and task logs older than the
/// given age now (the scheduler does it hourly with a 30-day age).
struct DbCleanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Delete finished DAG runs (with their task instances and XComs) and task logs older than an age."
    )

    @Option(name: .customLong("older-than"), help: ArgumentHelp(
        "Age: 30m, 12h, 7d, 2w, 1d12h (default 30d).", valueName: "age"))
    var olderThan: String = "30d"

    @OptionGroup var options: HomeOptions

    /// The age `--older-than` names, nil when it is not a time span.
    var age: TimeSpan? { TimeSpan(parsing: olderThan) }

    /// The `--json` document.
    struct Output: Codable, Equatable {
        var cutoff: String
        var runsDeleted: Int
        var logFilesDeleted: Int

        enum CodingKeys: String, CodingKey {
            case cutoff, runsDeleted = "runs_deleted", logFilesDeleted = "log_files_deleted"
        }
    }

    func validate() throws {
        if age == nil {
            throw ValidationError("--older-than '\(olderThan)' is not an age: write it like 30m, 12h, 7d or 1d12h")
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard, now: Date()))
    }

    /// Cleans as of `now`; returns the exit code.
    func execute(io: CommandIO, now: Date) async throws -> Int32 {
        guard let age else {
            io.err("error: --older-than '\(olderThan)' is not an age: write it like 30m, 12h, 7d or 1d12h")
            return 1
        }
        let home = options.updraftHome
        return try await StoreAccess.run(home: home, store: options.store, io: io) { store in
            let report = try await Retention(maxAge: TimeInterval(age.seconds)).clean(store: store, home: home, now: now)
            let output = Output(cutoff: ISOTimestamp.format(report.cutoff, in: .utcZone),
                                runsDeleted: report.runsDeleted, logFilesDeleted: report.logFilesDeleted)
            if options.json {
                io.out(try JSONOutput.encode(output))
            } else {
                io.out("deleted \(report.runsDeleted) finished run(s) and \(report.logFilesDeleted) log file(s) "
                    + "older than \(age) (ended before \(output.cutoff))")
            }
            return 0
        }
    }
}
