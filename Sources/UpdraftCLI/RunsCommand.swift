import ArgumentParser

/// `updraft runs ...`: the DAG runs recorded in the metadata store.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List DAG runs from the metadata store.",
        subcommands: [RunsListCommand.self]
    )
}
