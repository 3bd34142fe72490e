import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftLoader

/// `updraft dags validate [PATH...]`: loads files and folders, prints `ok:` for each good
/// DAG and every error as `file:line:col: error: message` on stderr; exit 1 on any error.
struct DagsValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check DAG files and folders; print every error with file:line:col.",
        discussion: """
            With no PATH, checks the DAG folder and the DAGs built into this binary. \
            Exit status 0 when everything loads, 1 otherwise. A DAG id used in two files \
            is an error for the file that sorts later.
            """
    )

    @Argument(help: "DAG files (.yml, .yaml) or folders (read recursively).")
    var paths: [String] = []

    @OptionGroup var location: DagFolderOptions

    @Flag(name: .shortAndLong, help: "Print only errors and the summary (no ok: lines).")
    var quiet = false

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Validates; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        var bag = LoadedDags()
        var missing = 0
        if paths.isEmpty {
            guard let loaded = await DagSource.load(folder: location.folder(), io: io) else { return 1 }
            bag.add(loaded)
        } else {
            (bag, missing) = await Self.load(paths, io: io)
        }
        if !quiet {
            for dag in bag.dags { io.out("ok: \(dag.dagId) (\(dag.fileLocation ?? "-"))") }
        }
        for importError in bag.importErrors {
            for error in importError.errors { io.err(Self.line(error, file: importError.file)) }
        }
        let tasks = bag.dags.reduce(0) { $0 + $1.tasks.count }
        let head = "\(bag.dags.count) DAG\(bag.dags.count == 1 ? "" : "s"), \(tasks) task\(tasks == 1 ? "" : "s")"
        let failed = bag.importErrors.count + missing
        guard failed == 0 else {
            let errors = bag.importErrors.reduce(0) { $0 + $1.errors.count }
            io.out("\(head), \(failed) file\(failed == 1 ? "" : "s") with errors (\(errors + missing) error\(errors + missing == 1 ? "" : "s"))")
            return 1
        }
        io.out("\(head): OK")
        return 0
    }

    /// `file:line:col: error: message`, with `file` when the error has no file of its own.
    static func line(_ error: DagError, file: String) -> String {
        var e = error
        if e.file == nil { e.file = file }
        if e.line == nil { e.line = 1; e.column = 1 }
        return e.description
    }

    /// Every path loaded (a folder's files in sorted order, files as given); paths that
    /// do not exist are reported on stderr and counted.
    static func load(_ paths: [String], io: CommandIO) async -> (LoadedDags, Int) {
        var loaded = LoadedDags()
        var missing = 0
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                io.err("\(path): error: no such file or folder")
                missing += 1
                continue
            }
            if isDir.boolValue, let bag = try? await DagBag.load(folder: path) {
                loaded.add(bag)
            } else if !isDir.boolValue {
                loaded.add(file: path)
            }
        }
        return (loaded, missing)
    }
}
