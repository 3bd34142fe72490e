import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft workers allow KEY --name NAME [--role worker|subscriber] [--queues etl,heavy]`.
struct WorkersAllowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allow", abstract: "Let a client key in (a worker's or a subscriber's public key).")

    @Argument(help: ArgumentHelp("The client's public key: 40 characters of Z85, or a .pub file.", valueName: "key"))
    var key: String

    @Option(help: "The key's name: the User-Id its connections carry, what logs and revoke use.")
    var name: String

    @Option(help: ArgumentHelp("worker (the executor) or subscriber (event bus, stats).", valueName: "role"))
    var role = "worker"

    @Option(help: ArgumentHelp("The queues a worker key may serve, comma-separated (default: every queue).", valueName: "list"))
    var queues: String?

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Stores the key; returns the exit code (2 for bad input, nothing stored).
    func execute(io: CommandIO) async throws -> Int32 {
        let input: WorkersAllowInput
        switch WorkersAllowInput.parse(key: key, name: name, role: role, queues: queues) {
        case .success(let parsed): input = parsed
        case .failure(let error):
            io.err("error: \(error.message)")
            return 2
        }
        return try await StoreAccess.run(options, io: io) { store in
            let record = input.record(at: Date())
            switch try await store.allowKey(record) {
            case .nameTaken:
                io.err("error: --name: a key named '\(input.name)' is already allowed (updraft workers revoke \(input.name) first)")
                return 2
            case .keyTaken(let other):
                io.err("error: KEY: this key (\(record.fingerprint)…) is already allowed as '\(other)'")
                return 2
            case .added:
                let scope = record.role == .worker
                    ? (record.queues.isEmpty ? "every queue" : "queues \(record.queues.joined(separator: ","))")
                    : "event bus and stats"
                io.out(options.json ? try JSONOutput.encode(AllowedKeyRow(record))
                                    : "allowed '\(record.name)' (\(record.fingerprint)…) as \(record.role.rawValue): \(scope)")
                return 0
            }
        }
    }
}
