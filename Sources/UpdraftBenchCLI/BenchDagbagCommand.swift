import ArgumentParser
import Foundation
import UpdraftBench
import UpdraftCLI

/// `updraft bench dagbag`: generate a DAG folder and time loading it with the real DagBag.
struct BenchDagbagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dagbag",
        abstract: "Time loading (parse + validate) a synthetic folder of files × tasks DAGs.",
        discussion: "Targets: under 2 s and 300 MB for 1000 files × 50 tasks in a release build (swift build -c release)."
    )

    @Option(help: "Number of DAG files to generate.")
    var files = 1000

    @Option(help: "Tasks per DAG file.")
    var tasks = 50

    @Option(help: "Full loads to time; the median is reported.")
    var loads = 3

    @Flag(help: "Print JSON: files, tasks_per_file, load_s, peak_rss_mb, dags_loaded, import_errors.")
    var json = false

    func validate() throws {
        guard files > 0, tasks > 0, loads > 0 else {
            throw ValidationError("--files, --tasks and --loads must be positive")
        }
    }

    func run() async throws {
        let report = try await DagBagBench.run(files: files, tasksPerFile: tasks, loads: loads)
        if json {
            print(try JSONOutput.encode(report, pretty: false))
        } else {
            let each = report.loadsSeconds.map { String(format: "%.3f", $0) }.joined(separator: " ")
            print(String(format: "%d files × %d tasks: load %.3f s (median of %d: ", report.files, report.tasksPerFile,
                         report.loadSeconds, report.loadsSeconds.count) + each
                + String(format: "), peak RSS %.1f MB, %d DAGs, %d tasks, %d import errors",
                         report.peakRSSMB, report.dagsLoaded, report.tasksLoaded, report.importErrors))
        }
        if report.importErrors > 0 { throw ExitCode(1) }
    }
}
