import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft db check [--store URL]`: connects, and prints the schema version and the rows
/// of each table.
struct DbCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check that a metadata store answers; print its schema version and row counts.",
        discussion: """
            Exit status 0 when the store opened and its schema is current; 2 for a bad --store \
            URL or a PostgreSQL server that cannot be reached or refuses the login; 1 otherwise.
            """
    )

    @OptionGroup var options: HomeOptions

    /// The `--json` document.
    struct Output: Codable, Equatable {
        var store: String
        var schemaVersion: String
        var latestVersion: String
        var current: Bool
        var rows: [String: Int]

        enum CodingKeys: String, CodingKey {
            case store, schemaVersion = "schema_version", latestVersion = "latest_version", current, rows
        }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Checks; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let version = try await store.schemaVersion()
            let output = Output(store: store.location.displayName, schemaVersion: version.applied.last ?? "none",
                                latestVersion: version.latest, current: version.isCurrent,
                                rows: try await store.rowCounts())
            if options.json {
                io.out(try JSONOutput.encode(output))
            } else {
                io.out("store:   \(output.store) (reachable)")
                io.out("schema:  version \(output.schemaVersion) of \(output.latestVersion)"
                    + (output.current ? " (current)" : " (behind: run `updraft db migrate`)"))
                TextTable.lines([["TABLE", "ROWS"]] + StoreCopier.tables.map { [$0, String(output.rows[$0, default: 0])] })
                    .forEach(io.out)
            }
            return output.current ? 0 : 1
        }
    }
}
