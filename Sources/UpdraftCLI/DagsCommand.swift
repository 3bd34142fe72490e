import ArgumentParser

/// `updraft dags ...`: inspect, validate and create DAGs.
struct DagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dags",
        abstract: "List, show, validate and create DAGs.",
        subcommands: []
    )
}
