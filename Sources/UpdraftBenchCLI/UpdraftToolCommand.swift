import ArgumentParser
import UpdraftCLI

/// The root command of the `updraft` executable: every subcommand a DAG binary serves
/// (``UpdraftCommand``) and `updraft bench ...`.
public struct UpdraftToolCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "updraft",
        abstract: UpdraftCommand.abstract,
        subcommands: Array(UpdraftCommand.subcommands.prefix(2)) + [BenchCommand.self] + Array(UpdraftCommand.subcommands.dropFirst(2))
    )

    public init() {}
}

/// The entry point of the `updraft` executable (from an async function, so that
/// ArgumentParser's async `main()` is the one called, as in `UpdraftApp`).
public enum UpdraftExecutable {
    /// Parses the command line and runs the matching `updraft` subcommand.
    public static func main() async {
        await UpdraftToolCommand.main()
    }
}
