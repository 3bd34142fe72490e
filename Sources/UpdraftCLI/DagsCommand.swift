import ArgumentParser

/// `updraft dags ...`: inspect, validate and create DAGs.
struct DagsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dags",
        abstract: "List, show, validate and create DAGs.",
        subcommands: [
            DagsListCommand.self,
            DagsShowCommand.self,
            DagsValidateCommand.self,
            DagsListImportErrorsCommand.self,
            DagsNextRunsCommand.self,
            DagsNewCommand.self,
            DagsTriggerCommand.self,
            DagsBackfillCommand.self,
            DagsTestCommand.self,
            DagsPauseCommand.self,
            DagsUnpauseCommand.self,
        ]
    )
}
