import ArgumentParser

/// The root `updraft` command of user binaries built with the DSL (see `UpdraftApp` in the
/// `Updraft` module): every subcommand but `bench`, which only the `updraft` executable
/// serves (`UpdraftToolCommand`), so a DAG binary does not link the benchmarks.
public struct UpdraftCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "updraft",
        abstract: abstract,
        subcommands: subcommands
    )

    /// The root command's one-line description.
    public static let abstract = "Updraft: a workflow orchestrator. DAGs of tasks, run on schedule, over ZeroMQ."

    /// Every subcommand a DAG binary serves.
    public static let subcommands: [any ParsableCommand.Type] = [
        DagsCommand.self,
        ScheduleCommand.self,
        RunsCommand.self,
        TasksCommand.self,
        PoolsCommand.self,
        VariablesCommand.self,
        ConnectionsCommand.self,
        UsersCommand.self,
        TokensCommand.self,
        DbCommand.self,
        WorkerCommand.self,
        WorkersCommand.self,
        KeysCommand.self,
        StandaloneCommand.self,
        SchedulerCommand.self,
        APIServerCommand.self,
        StatsCommand.self,
        WorkerGuardianCommand.self,
    ]

    public init() {}
}
