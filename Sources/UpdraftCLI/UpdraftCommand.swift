import ArgumentParser

/// The root `updraft` command. User binaries built with the DSL serve the same tree
/// (see `UpdraftApp` in the `Updraft` module).
public struct UpdraftCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "updraft",
        abstract: "Updraft: a workflow orchestrator. DAGs of tasks, run on schedule, over ZeroMQ.",
        subcommands: [
            DagsCommand.self,
            ScheduleCommand.self,
            BenchCommand.self,
            RunsCommand.self,
            TasksCommand.self,
            PoolsCommand.self,
            VariablesCommand.self,
            ConnectionsCommand.self,
            UsersCommand.self,
            TokensCommand.self,
            DbCommand.self,
            WorkerCommand.self,
            KeysCommand.self,
            StandaloneCommand.self,
            SchedulerCommand.self,
            APIServerCommand.self,
            StatsCommand.self,
            WorkerGuardianCommand.self,
        ]
    )

    public init() {}
}
