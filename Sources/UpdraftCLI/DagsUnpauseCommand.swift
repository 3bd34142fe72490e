import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft dags unpause DAG_ID`: the scheduler creates the DAG's scheduled runs again.
struct DagsUnpauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unpause",
        abstract: "Unpause a DAG: the scheduler creates its scheduled runs again."
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Unpauses the DAG; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await DagPausing.set(dagId: dagId, paused: false, location: location, json: json, io: io)
    }
}
