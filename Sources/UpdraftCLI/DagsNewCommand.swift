import ArgumentParser
import Foundation
import UpdraftCore

/// `updraft dags new DAG_ID`: writes a boilerplate DAG (YAML, or Swift with --swift);
/// never overwrites a file.
struct DagsNewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write a boilerplate DAG file (YAML, or Swift with --swift).",
        discussion: "The file has an owner, retries, tags and a start task; it is never overwritten."
    )

    @Argument(help: "The new DAG's id: 1-250 letters, digits, '_', '-' or '.'.")
    var dagId: String

    @Flag(help: "Write a Swift DSL file (DAG_ID.swift) instead of YAML.")
    var swift = false

    @Option(help: ArgumentHelp("Folder to write to (default: the DAG folder; created if missing).", valueName: "dir"))
    var output: String?

    @OptionGroup var location: DagFolderOptions

    func validate() throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")
        guard !dagId.isEmpty, dagId.count <= 250, dagId.allSatisfy(allowed.contains) else {
            throw ValidationError("invalid DAG id '\(dagId)': use 1-250 letters, digits, '_', '-' or '.'")
        }
    }

    func run() async throws {
        try exitUnlessZero(execute(io: .standard, today: Date()))
    }

    /// Writes the file with `today` as start date; returns the exit code.
    func execute(io: CommandIO, today: Date) -> Int32 {
        let folder = output ?? location.folder()
        let path = folder + "/" + dagId + (swift ? ".swift" : ".yml")
        guard !FileManager.default.fileExists(atPath: path) else {
            io.err("error: \(path) already exists; not overwriting it (pick another id or --output DIR)")
            return 1
        }
        let day = ISOTimestamp.format(today, in: .utcZone).prefix(10)
        let text = swift ? DagTemplates.swift(dagId: dagId, startDate: String(day))
            : DagTemplates.yaml(dagId: dagId, startDate: String(day))
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            io.err("error: cannot write \(path): \(error.localizedDescription)")
            return 1
        }
        io.out("wrote \(path)")
        if !swift { io.out("check it with: updraft dags validate \(path)") }
        return 0
    }
}
