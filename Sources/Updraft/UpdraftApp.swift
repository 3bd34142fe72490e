@_exported import UpdraftCore
import UpdraftCLI

/// The entry point of the `updraft` binary and of user binaries built with the DSL.
public enum UpdraftApp {
    /// Parses the command line and runs the matching `updraft` subcommand.
    public static func main() async {
        await UpdraftCommand.main()
    }
}
