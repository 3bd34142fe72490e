import ArgumentParser
import UpdraftWire

/// `updraft keys generate [--out DIR] [--name NAME]`: a new CURVE key pair as
/// `DIR/NAME.key` (secret, 0600) and `DIR/NAME.pub` (public).
struct KeysGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new CURVE key pair: NAME.key (secret, mode 0600) and NAME.pub (public), Z85.",
        discussion: """
            Give the .key file to the client that owns it (updraft worker --key FILE) and the \
            .pub file to the scheduler that must let it in (updraft workers allow FILE --name NAME \
            [--queues a,b]; the name is the User-Id its connections carry). \
            Existing files are never replaced. A scheduler's own pair is made in HOME/curve/ at \
            its first start; workers on other hosts get its HOME/curve/scheduler.pub as --server-key.
            """
    )

    @Option(help: ArgumentHelp("Folder to write into (made with mode 0700 if missing).", valueName: "dir"))
    var out = "."

    @Option(help: ArgumentHelp("File name without extension: the key's name in allow-lists.", valueName: "name"))
    var name = "worker"

    func validate() throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."),
              name.allSatisfy({ $0.isLetter || $0.isNumber || "-_.@".contains($0) })
        else {
            throw ValidationError("--name '\(name)' must be letters, digits, '-', '_', '.' or '@', not starting with '.'")
        }
    }

    func run() async throws {
        try exitUnlessZero(execute(io: .standard))
    }

    /// Writes the pair; returns the exit code (1 when a file cannot be written or exists).
    func execute(io: CommandIO) -> Int32 {
        do throws(CurveKeyError) {
            let pair = try CurveKeyPair.generate()
            let paths = try CurveKeyFile.write(pair, directory: out, name: name)
            io.out("secret key: \(paths.secret)   (mode 0600: give it to the client only, --key)")
            io.out("public key: \(paths.public)   (give it to the scheduler: updraft workers allow)")
            io.out(pair.publicKey.z85)
            return 0
        } catch {
            io.err("error: \(error.message)")
            return 1
        }
    }
}
