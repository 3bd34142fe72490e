import ArgumentParser

/// `updraft keys`: CURVE key files for workers and subscribers.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make CURVE key files for workers and event or stats subscribers.",
        subcommands: [KeysGenerateCommand.self]
    )
}
