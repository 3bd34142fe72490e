import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft tasks clear DAG_ID RUN_ID [TASK_ID...] [--downstream]`: sets task instances
/// back to `none` so the scheduler runs them again (Airflow's clear).
struct TasksClearCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clear",
        abstract: "Clear task instances of a DAG run so that they run again.",
        discussion: """
            With no TASK_ID, every task instance of the run is cleared. --downstream adds every task \
            downstream of the named ones, read from the DAG's file (--dags-folder), and, in DAGs whose \
            external_task sensors wait for a cleared task, that sensor and its downstream in the run of the \
            same (mapped) logical date, recursively up to 10 levels (Airflow's ExternalTaskMarker). Queued and \
            running instances are left alone. The run goes back to queued; a running scheduler picks it up at once.
            """
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @Argument(help: "The run id.")
    var runId: String

    @Argument(help: "Task ids to clear (default: every task of the run).")
    var taskIds: [String] = []

    @Flag(help: "Also clear every task downstream of the named ones (needs the DAG file).")
    var downstream = false

    @Option(name: .customLong("dags-folder"), help: ArgumentHelp(
        "Folder of DAG files, for --downstream (default: HOME/dags).", valueName: "dir"))
    var dagsFolder: String?

    @OptionGroup var options: HomeOptions

    /// The `--json` document.
    struct Output: Codable, Equatable {
        var dagId: String
        var runId: String
        var taskIds: [String]
        var cleared: Int
        var leftInFlight: [String]
        /// Clears in DAGs linked by external_task sensors (with --downstream).
        var linked: [ExternalTaskMarker.LinkedClear]? = nil

        enum CodingKeys: String, CodingKey {
            case dagId = "dag_id", runId = "run_id", taskIds = "task_ids", cleared, leftInFlight = "left_in_flight", linked
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Clears the task instances; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        let home = options.updraftHome
        return try await StoreAccess.run(home: home, store: options.store, io: io) { store in
            guard try await StoreLookup.requireRun(dagId: dagId, runId: runId, in: store, io: io) != nil else { return 1 }
            let instances = try await store.taskInstances(dagId: dagId, runId: runId)
            let inRun = Set(instances.map(\.id.taskId))
            let unknown = taskIds.filter { !inRun.contains($0) }
            guard unknown.isEmpty else {
                let names = unknown.map { id in
                    "'\(id)'" + (Suggestion.closest(to: id, in: inRun).map { " (did you mean '\($0)'?)" } ?? "")
                }
                io.err("error: run '\(runId)' of '\(dagId)' has no task \(names.joined(separator: ", "))")
                return 1
            }
            var selected = taskIds.isEmpty ? inRun : Set(taskIds)
            var linkedDags: [Dag] = []
            if downstream && !taskIds.isEmpty {
                let folder = dagsFolder ?? home.dagsFolder.path
                guard let bag = await DagSource.load(folder: folder, io: io),
                      let dag = DagSource.dag(dagId, in: bag, io: io) else { return 1 }
                selected.formUnion(Self.downstream(of: selected, in: dag))
                selected.formIntersection(inRun)
                linkedDags = bag.dags
            }
            let inFlight = instances.filter { selected.contains($0.id.taskId) && [.queued, .running].contains($0.state) }
            let cleared = try await store.clearTaskInstances(dagId: dagId, runId: runId, taskIds: selected)
            var output = Output(dagId: dagId, runId: runId, taskIds: selected.sorted(), cleared: cleared,
                                leftInFlight: inFlight.map(\.id.description))
            if !linkedDags.isEmpty, let run = try await store.dagRun(dagId: dagId, runId: runId) {
                var visited = Set(selected.map { "\(dagId)#\(runId)#\($0)" })
                let linked = try await ExternalTaskMarker.clearLinked(
                    from: run, cleared: selected, dags: linkedDags, store: store, visited: &visited,
                    downstream: { Self.downstream(of: $0, in: $1) })
                if !linked.isEmpty { output.linked = linked }
            }
            if options.json {
                io.out(try JSONOutput.encode(output))
            } else {
                io.out("cleared \(cleared) task instance(s) of \(dagId)/\(runId): \(output.taskIds.joined(separator: ", "))")
                for link in output.linked ?? [] {
                    io.out("cleared \(link.cleared) task instance(s) of \(link.dagId)/\(link.runId) (external_task sensor, depth \(link.depth)): \(link.taskIds.joined(separator: ", "))")
                }
                if !inFlight.isEmpty {
                    io.err("note: left \(inFlight.count) queued or running instance(s) as they are: "
                        + output.leftInFlight.joined(separator: ", "))
                }
            }
            return 0
        }
    }

    /// Every task downstream of `roots` (transitively), not including the roots.
    static func downstream(of roots: Set<String>, in dag: Dag) -> Set<String> {
        dag.downstreamTaskIds(of: roots)
    }
}
