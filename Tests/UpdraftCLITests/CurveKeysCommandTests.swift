#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
import UpdraftStore
import UpdraftWire
@testable import UpdraftCLI

/// `updraft keys generate`, the CURVE flags of `worker`, `scheduler` and `standalone`, and the
/// errors for missing or malformed key files and bad flag combinations.
@Suite("CURVE keys on the command line")
struct CurveKeysCommandTests {
    func message(_ args: [String]) -> String {
        do {
            _ = try UpdraftCommand.parseAsRoot(args)
            return "accepted"
        } catch {
            return UpdraftCommand.message(for: error)
        }
    }

    @Test("keys generate writes NAME.key (0600) and NAME.pub, prints the public key, never replaces a file")
    func generate() throws {
        let dir = try CLIPaths.temporaryFolder() + "/k"
        let command: KeysGenerateCommand = try parse(["keys", "generate", "--out", dir, "--name", "w1"])
        let captured = CapturedIO()
        #expect(command.execute(io: captured.io) == 0)
        var info = stat()
        #expect(stat(dir + "/w1.key", &info) == 0 && info.st_mode & 0o777 == 0o600)
        let pair = try CurveKeyFile.readKeyPair(at: dir + "/w1.key")
        #expect(try CurveKeyFile.readPublicKey(at: dir + "/w1.pub") == pair.publicKey)
        #expect(captured.out.contains(pair.publicKey.z85))
        #expect(!captured.out.contains(pair.secretKey.z85))
        let again = CapturedIO()
        #expect(command.execute(io: again.io) == 1)
        #expect(again.err == "error: \(dir)/w1.key already exists; not replacing a key (remove it first, or pick another --name)")
        #expect(message(["keys", "generate", "--name", "../x"]).contains("--name '../x' must be letters, digits"))
    }

    @Test("worker: a missing or malformed key file is an error naming the file, exit 2")
    func workerBadKeyFiles() async throws {
        let dir = try CLIPaths.temporaryFolder()
        let pair = try CurveKeyPair.generate()
        try CurveKeyFile.write(pair, directory: dir, name: "w")
        try "garbage\n".write(toFile: dir + "/bad.pub", atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--server-key", dir + "/none.pub", "--key", dir + "/w.key"], "error: public key file \(dir)/none.pub: no such file"),
            (["--server-key", dir + "/bad.pub", "--key", dir + "/w.key"], "error: public key file \(dir)/bad.pub: a CURVE key is 40 characters of Z85, got 7"),
            (["--server-key", dir + "/w.pub", "--key", dir + "/none.key"], "error: secret key file \(dir)/none.key: no such file"),
            (["--server-key", dir + "/w.pub", "--home", dir + "/empty-home"], "is served with CURVE: pass --key FILE"),
        ]
        for (flags, expected) in cases {
            let command: WorkerCommand = try parse(["worker", "--connect", "tcp://127.0.0.1:1"] + flags)
            let captured = CapturedIO()
            #expect(try await command.execute(io: captured.io) == 2, "\(flags)")
            #expect(captured.err.contains(expected), "\(flags): \(captured.err)")
        }
        #expect(message(["worker", "--connect", "tcp://127.0.0.1:1", "--insecure-plaintext", "--key", dir + "/w.key"])
            .contains("--insecure-plaintext cannot be combined with --server-key or --key"))
    }

    @Test("worker: with an explicit home and no flags, the home's keys are made and used")
    func workerHomeKeys() throws {
        let home = try CLIPaths.temporaryFolder() + "/home"
        let command: WorkerCommand = try parse(["worker", "--connect", "tcp://127.0.0.1:1", "--home", home])
        let curve = try command.keys.curve(for: "tcp://127.0.0.1:1", home: UpdraftHome.resolve(explicit: home), homeIsExplicit: true, environment: [:])
        let server = try CurveKeyFile.readPublicKey(at: home + "/curve/scheduler.pub")
        let client = try CurveKeyFile.readKeyPair(at: home + "/curve/client.key")
        #expect(curve == .client(client, serverKey: server))
        #expect(try command.keys.curve(for: "inproc://x", home: UpdraftHome.resolve(explicit: home)) == nil)
    }

    @Test("scheduler: --allow-key files are checked before anything starts", arguments: [
        (["scheduler", "--allow-key", "/nonexistent/w1.pub"], "--allow-key: public key file /nonexistent/w1.pub: no such file"),
        (["scheduler", "--allow-key", "/etc/hostname"], "--allow-key: public key file /etc/hostname:"),
        (["scheduler", "--insecure-plaintext", "--allow-key", "/etc/hostname"], "--allow-key cannot be combined with --insecure-plaintext"),
        (["standalone", "--insecure-plaintext", "--allow-key", "x.pub"], "--allow-key cannot be combined with --insecure-plaintext"),
    ])
    func allowKeyErrors(args: [String], expected: String) {
        #expect(message(args).contains(expected), "\(args): \(message(args))")
    }

    @Test("scheduler --insecure-plaintext warns at start, loudly for a non-loopback address; allowed keys go to the allow-list")
    func plaintextWarning() throws {
        let dir = try CLIPaths.temporaryFolder()
        let open: SchedulerCommand = try parse(["scheduler", "--home", dir, "--dags-folder", dir, "--insecure-plaintext"])
        let captured = CapturedIO()
        let options = try open.options(io: captured.io, codeDags: [])
        guard case .plaintext = options.security else { Issue.record("expected plaintext"); return }
        #expect(captured.err.contains("WARNING: --insecure-plaintext on tcp://0.0.0.0:7433, tcp://0.0.0.0:7434: any host"))

        let local: SchedulerCommand = try parse(["scheduler", "--home", dir, "--dags-folder", dir, "--insecure-plaintext",
                                                 "--executor-endpoint", "tcp://127.0.0.1:0", "--events-endpoint", "tcp://127.0.0.1:0"])
        let quiet = CapturedIO()
        _ = try local.options(io: quiet.io, codeDags: [])
        #expect(quiet.err.hasPrefix("warning: --insecure-plaintext: tcp://127.0.0.1:0"))

        let pair = try CurveKeyPair.generate()
        try CurveKeyFile.write(pair, directory: dir, name: "w7")
        let curve: SchedulerCommand = try parse(["scheduler", "--home", dir, "--dags-folder", dir, "--allow-key", dir + "/w7.pub"])
        let silent = CapturedIO()
        let secured = try curve.options(io: silent.io, codeDags: [])
        guard case .homeKeys(let allowed) = secured.security else { Issue.record("expected CURVE"); return }
        #expect(allowed == ["w7": pair.publicKey])
        #expect(silent.err.isEmpty)
    }
}
