import ArgumentParser
import Foundation
import UpdraftCore

/// `updraft dags show DAG_ID`: the tasks and edges of one DAG, as text, JSON or Graphviz DOT.
struct DagsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a DAG's tasks and edges (text, --json, or Graphviz --dot).",
        discussion: "Render the graph with: updraft dags show my_dag --dot | dot -Tsvg > my_dag.svg"
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print Graphviz DOT.")
    var dot = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        if dot && json { throw ValidationError("--dot and --json cannot be used together") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Shows the DAG; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        guard let bag = await DagSource.load(folder: location.folder(), io: io),
              let dag = DagSource.dag(dagId, in: bag, io: io) else { return 1 }
        if dot {
            io.out(DagRendering.dot(dag))
        } else if json {
            io.out(try JSONOutput.encode(DagRendering.Summary(dag)))
        } else {
            DagRendering.text(dag).forEach(io.out)
        }
        return 0
    }
}
