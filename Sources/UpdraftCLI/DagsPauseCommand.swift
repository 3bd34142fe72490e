import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft dags pause DAG_ID`: no more scheduled runs of the DAG until unpaused.
struct DagsPauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause a DAG: the scheduler creates no scheduled runs of it (triggered runs wait)."
    )

    @Argument(help: "The DAG id.")
    var dagId: String

    @OptionGroup var location: DagFolderOptions

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Pauses the DAG; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await DagPausing.set(dagId: dagId, paused: true, location: location, json: json, io: io)
    }
}
