import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `--home DIR` and `--json`, shared by the commands that read or change the metadata
/// store (`runs`, `tasks`, `pools`, `variables`, `db`, `dags pause`).
struct HomeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Updraft home folder (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "dir"))
    var home: String?

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    /// The Updraft home these options name.
    var updraftHome: UpdraftHome { UpdraftHome.resolve(explicit: home) }
}

/// Opens the home's store for a command and maps store errors to a message on stderr
/// and exit code 1.
enum StoreAccess {
    /// Runs `body` with the store of `home`; a ``StoreError`` (cannot open, newer schema,
    /// invalid argument) becomes `error: ...` on stderr and exit code 1.
    static func run(home: UpdraftHome, io: CommandIO,
                    _ body: (SQLiteStore) async throws -> Int32) async throws -> Int32 {
        do {
            let store = try await SQLiteStore.open(path: home.databasePath)
            return try await body(store)
        } catch let error as StoreError {
            io.err("error: \(error)")
            return 1
        } catch let error as ConnectionError {
            io.err("error: \(error)")
            return 1
        }
    }

    /// `date` in UTC, ISO 8601, or `-`.
    static func format(_ date: Date?) -> String {
        date.map { ISOTimestamp.format($0, in: .utcZone) } ?? "-"
    }

    /// Seconds with up to three decimals (`2.5s`), or `-`.
    static func format(duration: TimeInterval?) -> String {
        guard let duration else { return "-" }
        let rounded = (duration * 1000).rounded() / 1000
        return "\(rounded.formatted(.number.precision(.fractionLength(0...3)).grouping(.never)))s"
    }
}
