import ArgumentParser

/// `updraft tasks ...`: task instances of a DAG run: states, logs, clear.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "Show task instance states and logs of a DAG run, or clear them to re-run.",
        subcommands: [TasksStatesCommand.self, TasksLogsCommand.self, TasksClearCommand.self]
    )
}
