import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft tasks states DAG_ID RUN_ID`: every task instance of a run with its state,
/// try, times, host, and when it is tried or checked again (`up_for_retry`, `up_for_reschedule`).
struct TasksStatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "states",
        abstract: "Show the state of every task instance of a DAG run."
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Argument(help: "The run id (see `updraft runs list DAG_ID`).")
    var runId: String

    @OptionGroup var options: HomeOptions

    /// One task instance.
    struct Row: Codable, Equatable {
        var taskId: String
        var mapIndex: Int
        var state: String
        var tryNumber: Int
        var startDate: String?
        var endDate: String?
        var duration: Double?
        var hostname: String?
        /// When an `up_for_retry` instance runs again, or an `up_for_reschedule` sensor checks again.
        var nextTryAt: String?

        enum CodingKeys: String, CodingKey {
            case taskId = "task_id", mapIndex = "map_index", state, tryNumber = "try_number"
            case startDate = "start_date", endDate = "end_date", duration, hostname, nextTryAt = "next_try_at"
        }

        init(_ ti: TaskInstanceRecord) {
            taskId = ti.id.taskId
            mapIndex = ti.id.mapIndex
            state = ti.state.rawValue
            tryNumber = ti.tryNumber
            startDate = ti.startDate.map { ISOTimestamp.format($0, in: .utcZone) }
            endDate = ti.endDate.map { ISOTimestamp.format($0, in: .utcZone) }
            duration = ti.duration
            hostname = ti.hostname
            nextTryAt = ti.nextTryAt.map { ISOTimestamp.format($0, in: .utcZone) }
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Prints the states; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await StoreLookup.requireRun(dagId: dagId, runId: runId, in: store, io: io) != nil else { return 1 }
            let instances = try await store.taskInstances(dagId: dagId, runId: runId)
            if options.json {
                io.out(try JSONOutput.encode(instances.map(Row.init)))
            } else if instances.isEmpty {
                io.out("run '\(runId)' of '\(dagId)' has no task instances yet")
            } else {
                let table = [["task_id", "map_index", "state", "try", "start", "end", "duration", "hostname", "next_try"]]
                    + instances.map { ti in
                        [ti.id.taskId, ti.id.mapIndex < 0 ? "-" : "\(ti.id.mapIndex)", ti.state.rawValue,
                         "\(ti.tryNumber)", StoreAccess.format(ti.startDate), StoreAccess.format(ti.endDate),
                         StoreAccess.format(duration: ti.duration), ti.hostname ?? "-", StoreAccess.format(ti.nextTryAt)]
                    }
                TextTable.lines(table).forEach(io.out)
            }
            return 0
        }
    }
}
