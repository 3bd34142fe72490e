import ArgumentParser

/// `updraft schedule ...`: work with schedule expressions.
struct ScheduleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Cron expressions, presets and intervals.",
        subcommands: [
            ScheduleNextCommand.self,
        ]
    )
}
