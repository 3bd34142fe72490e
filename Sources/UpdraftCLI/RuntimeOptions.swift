import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftRuntime
import UpdraftStore

/// Options shared by `updraft standalone` and `updraft scheduler`.
struct RuntimeOptions: ParsableArguments {
    @Option(name: .customLong("dags-folder"), help: ArgumentHelp(
        "Folder of YAML DAG files (default: HOME/dags).", valueName: "dir"))
    var dagsFolder: String?

    @Option(help: ArgumentHelp("Updraft home folder: database, logs (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "path"))
    var home: String?

    @Option(name: .customLong("executor-endpoint"), help: ArgumentHelp(
        "Where the executor listens for workers (repeatable; tcp://HOST:0 picks a free port).", valueName: "endpoint"))
    var executorEndpoints: [String] = []

    @Option(name: .customLong("events-endpoint"), help: ArgumentHelp(
        "Where state change events are published (PUB socket).", valueName: "endpoint"))
    var eventsEndpoint: String?

    @Flag(name: .customLong("verbose"), help: "Log at debug level.")
    var verbose = false

    /// Checks every endpoint has a ZeroMQ transport this build supports.
    func validateEndpoints() throws {
        for e in executorEndpoints + [eventsEndpoint].compactMap({ $0 }) {
            guard Self.isEndpoint(e) else {
                throw ValidationError("'\(e)' is not an endpoint: use tcp://HOST:PORT, ipc://PATH or inproc://NAME")
            }
        }
    }

    static func isEndpoint(_ e: String) -> Bool {
        for scheme in ["tcp://", "ipc://", "inproc://"] where e.hasPrefix(scheme) && e.count > scheme.count { return true }
        return false
    }

    /// The home folder these options name.
    var resolvedHome: UpdraftHome { UpdraftHome.resolve(explicit: home) }

    /// The DAG folder, or nil when it does not exist and the binary has code DAGs.
    /// - Throws: `ValidationError` when it does not exist and there is nothing else to run.
    func resolvedDagsFolder(home: UpdraftHome, codeDags: [Dag], io: CommandIO) throws -> String? {
        let folder = dagsFolder ?? home.root.appendingPathComponent("dags").path
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue { return folder }
        if dagsFolder == nil {
            // The default folder: create it, so a fresh home works.
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }
        if !codeDags.isEmpty {
            io.err("note: DAG folder '\(folder)' does not exist; running the \(codeDags.count) DAG(s) built into this binary")
            return nil
        }
        throw ValidationError("DAG folder '\(folder)' does not exist or is not a folder")
    }
}
