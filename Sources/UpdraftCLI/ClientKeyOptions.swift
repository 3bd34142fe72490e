import ArgumentParser
import Foundation
import UpdraftRuntime
import UpdraftStore
import UpdraftWire

/// `--server-key FILE`, `--key FILE`, `--insecure-plaintext`: how a client (`updraft worker`,
/// `updraft stats`) meets a scheduler's CURVE sockets. Shared by the commands that connect.
struct ClientKeyOptions: ParsableArguments {
    @Option(name: .customLong("server-key"), help: ArgumentHelp(
        "The scheduler's public key file (its HOME/curve/scheduler.pub; default: $UPDRAFT_SERVER_KEY, else the home's).",
        valueName: "file"))
    var serverKey: String?

    @Option(name: .customLong("key"), help: ArgumentHelp(
        "This client's secret key file, mode 0600 (updraft keys generate; default: $UPDRAFT_KEY, else the home's curve/client.key).",
        valueName: "file"))
    var key: String?

    @Flag(name: .customLong("insecure-plaintext"), help: "Connect without CURVE (only to a scheduler started with --insecure-plaintext; default when $UPDRAFT_INSECURE_PLAINTEXT is 1).")
    var insecurePlaintext = false

    func validate() throws {
        if insecurePlaintext && (serverKey != nil || key != nil) {
            throw ValidationError("--insecure-plaintext cannot be combined with --server-key or --key")
        }
    }

    /// The CURVE client settings for `endpoint`: nil for inproc:// and with
    /// `--insecure-plaintext`. Keys come from the flags, else `UPDRAFT_SERVER_KEY` /
    /// `UPDRAFT_KEY`, else `home`'s `curve/` folder (its scheduler's key and client key).
    /// With `homeIsExplicit` (`--home` or `$UPDRAFT_HOME`), the home's pairs are made when
    /// missing (the scheduler of that home, starting now or later, uses the same files: a
    /// worker may start first); the default `~/.updraft` is only read.
    /// - Throws: ``CurveKeyError`` naming the missing or bad file and what to pass instead.
    func curve(for endpoint: String, home: UpdraftHome, homeIsExplicit: Bool = false,
               environment: [String: String] = ProcessInfo.processInfo.environment) throws(CurveKeyError) -> CurveSecurity? {
        if insecurePlaintext || endpoint.hasPrefix("inproc://") { return nil }
        if environment["UPDRAFT_INSECURE_PLAINTEXT"] == "1" && serverKey == nil && key == nil { return nil }
        let files = HomeCurveKeys(home: home)
        let fromEnvironment = environment["UPDRAFT_SERVER_KEY"].map { !$0.isEmpty } ?? false
        if homeIsExplicit && serverKey == nil && key == nil && !fromEnvironment {
            _ = try files.ensure()
        }
        let serverFile = serverKey ?? environment["UPDRAFT_SERVER_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (FileManager.default.fileExists(atPath: files.serverPublicFile) ? files.serverPublicFile : nil)
        let keyFile = key ?? environment["UPDRAFT_KEY"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (FileManager.default.fileExists(atPath: files.clientSecretFile) ? files.clientSecretFile : nil)
        guard let serverFile else {
            throw CurveKeyError(
                "\(endpoint) is served with CURVE: pass --server-key FILE (the scheduler's HOME/curve/scheduler.pub; "
                    + "none in \(files.folder)), or --insecure-plaintext if that scheduler runs with it")
        }
        guard let keyFile else {
            throw CurveKeyError(
                "\(endpoint) is served with CURVE: pass --key FILE (this client's secret key: `updraft keys generate`, "
                    + "its .pub allowed with `updraft workers allow`; none in \(files.folder))")
        }
        return .client(try CurveKeyFile.readKeyPair(at: keyFile), serverKey: try CurveKeyFile.readPublicKey(at: serverFile))
    }
}
