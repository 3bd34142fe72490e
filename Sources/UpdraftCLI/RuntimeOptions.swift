import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftRuntime
import UpdraftStore
import UpdraftWire

/// Options shared by `updraft standalone` and `updraft scheduler`.
struct RuntimeOptions: ParsableArguments {
    @Option(name: .customLong("dags-folder"), help: ArgumentHelp(
        "Folder of YAML DAG files (default: HOME/dags).", valueName: "dir"))
    var dagsFolder: String?

    @Option(help: ArgumentHelp("Updraft home folder: database, logs (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "path"))
    var home: String?

    @Option(help: ArgumentHelp(StoreOpening.help, valueName: "url"))
    var store: String?

    @Option(name: .customLong("executor-endpoint"), help: ArgumentHelp(
        "Where the executor listens for workers (repeatable; tcp://HOST:0 picks a free port).", valueName: "endpoint"))
    var executorEndpoints: [String] = []

    @Option(name: .customLong("events-endpoint"), help: ArgumentHelp(
        "Where state change events are published (PUB socket).", valueName: "endpoint"))
    var eventsEndpoint: String?

    @Option(name: .customLong("lease-ttl"), help: ArgumentHelp(
        "On a PostgreSQL store several schedulers share: the scheduler lease's term in seconds, 0.5 to 60 "
        + "(default 2.5). A standby takes over at most this long after the active scheduler died; the active one "
        + "steps down when a database stall outlasts four fifths of it while a standby waits. Above half the "
        + "workers' 5 s heartbeat timeout, workers kill the tries they kept before a standby can adopt them.",
        valueName: "seconds"))
    var leaseTTL: Double?

    @Flag(name: .customLong("verbose"), help: "Log at debug level.")
    var verbose = false

    @Option(name: .customLong("allow-key"), help: ArgumentHelp(
        "A client public key file (a worker's or subscriber's .pub) allowed to connect, under its file name (repeatable).",
        valueName: "file"))
    var allowKeys: [String] = []

    @Flag(name: .customLong("insecure-plaintext"), help: ArgumentHelp(
        "Serve tcp:// and ipc:// without CURVE: anyone who reaches them is served, task commands and XCom travel in clear."))
    var insecurePlaintext = false

    /// Checks every endpoint has a ZeroMQ transport this build supports, and that every
    /// `--allow-key` file is a public key (not combined with `--insecure-plaintext`).
    func validateEndpoints() throws {
        if insecurePlaintext && !allowKeys.isEmpty {
            throw ValidationError("--allow-key cannot be combined with --insecure-plaintext (nothing is checked without CURVE)")
        }
        _ = try allowedKeys()
        if let leaseTTL, !(leaseTTL >= 0.5 && leaseTTL <= 60) {
            throw ValidationError("--lease-ttl must be between 0.5 and 60 seconds, got \(leaseTTL)")
        }
        for e in executorEndpoints + [eventsEndpoint].compactMap({ $0 }) {
            guard Self.isEndpoint(e) else {
                throw ValidationError("'\(e)' is not an endpoint: use tcp://HOST:PORT, ipc://PATH or inproc://NAME")
            }
        }
    }

    /// What `--insecure-plaintext` and `--allow-key` ask for; warns on `io` (every start)
    /// when plaintext serves tcp:// or ipc:// endpoints, louder for non-loopback ones.
    /// - Throws: `ValidationError` naming an `--allow-key` file that is missing or malformed.
    func security(endpoints: [String], io: CommandIO) throws -> RuntimeSecurity {
        if insecurePlaintext {
            let exposed = endpoints.filter { !$0.hasPrefix("inproc://") }
            let open = exposed.filter { !Self.isLoopback($0) }
            if !open.isEmpty {
                io.err("WARNING: --insecure-plaintext on \(open.joined(separator: ", ")): any host that reaches these ports can take task commands (with their variables and secrets), report results and read events, all in clear")
            } else if !exposed.isEmpty {
                io.err("warning: --insecure-plaintext: \(exposed.joined(separator: ", ")) serve any local process without CURVE")
            }
            return .plaintext
        }
        return .homeKeys(allowed: try allowedKeys())
    }

    /// The `--allow-key` files, by name (the file name without `.pub`).
    /// - Throws: `ValidationError` naming a file that is missing or not a public key.
    func allowedKeys() throws -> [String: CurveKey] {
        var allowed: [String: CurveKey] = [:]
        for file in allowKeys {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            do throws(CurveKeyError) {
                let key = try CurveKeyFile.readPublicKey(at: file)
                if let other = allowed[name], other != key {
                    throw CurveKeyError("two different keys are named '\(name)' (\(file)): rename one file")
                }
                allowed[name] = key
            } catch {
                throw ValidationError("--allow-key: \(error.message)")
            }
        }
        return allowed
    }

    /// Whether a tcp:// endpoint binds only a loopback address (ipc:// counts as local).
    static func isLoopback(_ endpoint: String) -> Bool {
        if endpoint.hasPrefix("ipc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        var host = endpoint.dropFirst("tcp://".count)
        if let colon = host.lastIndex(of: ":") { host = host[..<colon] }
        return host == "localhost" || host.hasPrefix("127.") || host == "[::1]" || host == "::1"
    }

    static func isEndpoint(_ e: String) -> Bool {
        for scheme in ["tcp://", "ipc://", "inproc://"] where e.hasPrefix(scheme) && e.count > scheme.count { return true }
        return false
    }

    /// `--lease-ttl` as a duration; nil: the default (``StandaloneOptions/leaseTTL``).
    var leaseTerm: Duration? { leaseTTL.map { .milliseconds(Int64(($0 * 1000).rounded())) } }

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
