import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `updraft db migrate [--store URL]`: brings a store's schema up to date (what every
/// command does when it opens a store) and says which migrations it applied.
struct DbMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the migrations a metadata store has not seen (SQLite or PostgreSQL).",
        discussion: """
            Migrations are numbered steps that never change once shipped; a store written by a \
            newer Updraft is refused. Run it once on a new PostgreSQL database before starting \
            schedulers on it (any command that opens the store would do the same).
            """
    )

    @OptionGroup var options: HomeOptions

    /// The `--json` document.
    struct Output: Codable, Equatable {
        var store: String
        var applied: [String]
        var schemaVersion: String

        enum CodingKeys: String, CodingKey { case store, applied, schemaVersion = "schema_version" }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Migrates; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let version = try await store.schemaVersion()
            let output = Output(store: store.location.displayName, applied: store.migrationsAppliedAtOpen,
                                schemaVersion: version.latest)
            if options.json {
                io.out(try JSONOutput.encode(output))
            } else if output.applied.isEmpty {
                io.out("\(output.store): schema up to date (version \(version.latest)); nothing to apply")
            } else {
                io.out("\(output.store): applied migration(s) \(output.applied.joined(separator: ", ")); "
                    + "schema at version \(version.latest)")
            }
            return 0
        }
    }
}
