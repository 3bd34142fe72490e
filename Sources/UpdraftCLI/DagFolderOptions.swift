import ArgumentParser
import Foundation

/// `--dags-folder DIR`, `--home DIR` and `--store URL`, shared by the `updraft dags` commands.
///
/// The folder is `--dags-folder` if given, else `HOME/dags` where HOME is `--home`, else
/// `$UPDRAFT_HOME`, else `~/.updraft`.
struct DagFolderOptions: ParsableArguments {
    @Option(name: .customLong("dags-folder"), help: ArgumentHelp(
        "Folder of YAML DAG files (default: $UPDRAFT_HOME/dags, UPDRAFT_HOME defaults to ~/.updraft).",
        valueName: "dir"))
    var dagsFolder: String?

    @Option(help: ArgumentHelp("Updraft home folder (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp(StoreOpening.help, valueName: "url"))
    var store: String?

    /// The DAG folder these options name, reading `environment` for `UPDRAFT_HOME`.
    func folder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let dagsFolder { return dagsFolder }
        return Self.home(home, environment: environment) + "/dags"
    }

    /// The Updraft home: `explicit`, else `$UPDRAFT_HOME`, else `~/.updraft`.
    static func home(_ explicit: String?, environment: [String: String]) -> String {
        if let explicit { return explicit }
        if let env = environment["UPDRAFT_HOME"], !env.isEmpty { return env }
        let userHome = environment["HOME"] ?? NSHomeDirectory()
        return userHome + "/.updraft"
    }
}
