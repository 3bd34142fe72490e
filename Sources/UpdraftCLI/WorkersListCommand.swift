import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft workers list`: name, role, queues, key fingerprint, added at.
struct WorkersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the allowed client keys (fingerprints only).")

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists the keys; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let rows = try await store.allowedKeys().map(AllowedKeyRow.init)
            if options.json {
                io.out(try JSONOutput.encode(rows))
            } else if rows.isEmpty {
                io.out("no allowed keys (updraft workers allow KEY --name NAME [--queues etl,heavy])")
            } else {
                TextTable.lines([["name", "role", "queues", "fingerprint", "added_at"]]
                    + rows.map { [$0.name, $0.role, $0.role == "worker" && $0.queues.isEmpty ? "*" : $0.queues.joined(separator: ","),
                                  $0.fingerprint, $0.addedAt] }).forEach(io.out)
            }
            return 0
        }
    }
}
