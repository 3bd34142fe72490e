import ArgumentParser
import Foundation
import UpdraftBench

/// `updraft bench dags`: load a synthetic folder of YAML DAG files with `DagBag`.
struct BenchDagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dags",
        abstract: "Time DagBag loading over files × tasks synthetic YAML DAG files (target: 1000 × 50 in < 2 s, < 300 MB)."
    )

    @Option(help: "Number of synthetic DAG files.")
    var files = 1000

    @Option(help: "Tasks per file.")
    var tasks = 50

    @Option(help: "Repetitions; each prints its own line.")
    var runs = 3

    @Option(help: "Folder for the generated files (default: a new temporary folder, removed afterwards).")
    var folder: String?

    func validate() throws {
        guard files > 0, tasks > 0, runs > 0 else {
            throw ValidationError("--files, --tasks and --runs must be positive")
        }
    }

    func run() async throws {
        let dir = folder ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("updraft-bench-dags-\(ProcessInfo.processInfo.processIdentifier)").path
        try DagLoadBench.writeFolder(dir, files: files, tasksPerFile: tasks)
        defer { if folder == nil { try? FileManager.default.removeItem(atPath: dir) } }
        for run in 1...runs {
            let r = try await DagLoadBench.load(dir)
            let wall = Double(r.wall.components.seconds) + Double(r.wall.components.attoseconds) / 1e18
            print(String(format: "run %d: %d dags, %d tasks, %d import errors  wall %.3f s  cpu %.3f s  max RSS %.0f MiB",
                         run, r.dags, r.tasks, r.importErrors, wall, r.cpuSeconds, r.maxResidentMiB))
            if r.importErrors > 0, let e = try await DagLoadBench.firstImportError(dir) { print(e) }
        }
    }
}
