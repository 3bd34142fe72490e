import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// `updraft tasks logs DAG_ID RUN_ID TASK_ID [--try N] [--map-index I]`: prints the log
/// file of one try (the latest by default). The latest try of a task that succeeded without
/// output has no file (none is written); its row's header and footer lines are shown instead.
struct TasksLogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the log of one try of a task instance (the latest try by default)."
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Argument(help: "The run id.")
    var runId: String

    @Argument(help: "The task id.")
    var taskId: String

    @Option(name: .customLong("try"), help: ArgumentHelp("The try number (default: the latest).", valueName: "n"))
    var tryNumber: Int?

    @Option(name: .customLong("map-index"), help: ArgumentHelp("The map index of a mapped task.", valueName: "i"))
    var mapIndex: Int?

    @OptionGroup var options: HomeOptions

    /// The `--json` document.
    struct Output: Codable, Equatable {
        var taskId: String
        var mapIndex: Int
        var tryNumber: Int
        var path: String
        var log: String

        enum CodingKeys: String, CodingKey {
            case taskId = "task_id", mapIndex = "map_index", tryNumber = "try_number", path, log
        }
    }

    func validate() throws {
        if let tryNumber, tryNumber < 1 { throw ValidationError("--try must be 1 or more, not \(tryNumber)") }
        if let mapIndex, mapIndex < 0 { throw ValidationError("--map-index must be 0 or more, not \(mapIndex)") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Prints the log; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        let home = options.updraftHome
        return try await StoreAccess.run(home: home, store: options.store, io: io) { store in
            guard try await StoreLookup.requireRun(dagId: dagId, runId: runId, in: store, io: io) != nil,
                  let ti = try await instance(in: store, io: io) else { return 1 }
            let attempt = tryNumber ?? ti.tryNumber
            guard attempt >= 1 else {
                io.err("error: task '\(ti.id)' has not started a try yet (state \(ti.state.rawValue)); no log")
                return 1
            }
            if attempt > ti.tryNumber {
                io.err("error: task '\(ti.id)' has made \(ti.tryNumber) tr\(ti.tryNumber == 1 ? "y" : "ies"); no try \(attempt)")
                return 1
            }
            let file = home.logFile(for: ti.id, tryNumber: attempt)
            let data = await BackgroundFileRead.contents(atPath: file.path)
            if data == nil, attempt == ti.tryNumber, ti.state == .success {
                // A try that succeeds without output writes no file: show what its row says.
                try emit(TaskLogLines.withoutOutput(ti), attempt: attempt, path: file.path, ti: ti, io: io)
                return 0
            }
            guard let data else {
                io.err("error: no log file for try \(attempt) of '\(ti.id)': \(file.path) does not exist "
                    + "(removed by retention, or the try wrote nothing)")
                return 1
            }
            try emit(String(decoding: data, as: UTF8.self), attempt: attempt, path: file.path, ti: ti, io: io)
            return 0
        }
    }

    /// Prints `log` as text or, with `--json`, as the `Output` document.
    private func emit(_ log: String, attempt: Int, path: String, ti: TaskInstanceRecord, io: CommandIO) throws {
        if options.json {
            io.out(try JSONOutput.encode(Output(taskId: taskId, mapIndex: ti.id.mapIndex, tryNumber: attempt,
                                                path: path, log: log)))
        } else {
            io.out(log.hasSuffix("\n") ? String(log.dropLast()) : log)
        }
    }

    /// The task instance named by the arguments, or nil after an error naming it.
    private func instance(in store: any MetaStore, io: CommandIO) async throws -> TaskInstanceRecord? {
        let all = try await store.taskInstances(dagId: dagId, runId: runId)
        let ofTask = all.filter { $0.id.taskId == taskId }
        guard !ofTask.isEmpty else {
            let hint = Suggestion.closest(to: taskId, in: Set(all.map(\.id.taskId))).map { " (did you mean '\($0)'?)" } ?? ""
            io.err("error: run '\(runId)' of '\(dagId)' has no task '\(taskId)'\(hint)")
            return nil
        }
        let index = mapIndex ?? -1
        if let ti = ofTask.first(where: { $0.id.mapIndex == index }) { return ti }
        let indices = ofTask.map(\.id.mapIndex).filter { $0 >= 0 }
        if mapIndex == nil {
            io.err("error: task '\(taskId)' is mapped: pass --map-index (0...\(indices.max() ?? 0))")
        } else {
            io.err("error: task '\(taskId)' has no map index \(index) in run '\(runId)'"
                + (indices.isEmpty ? " (it is not mapped)" : " (0...\(indices.max() ?? 0))"))
        }
        return nil
    }
}
