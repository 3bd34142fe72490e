import ArgumentParser
import Foundation
import UpdraftCore
import UpdraftStore

/// `--home DIR`, `--store URL` and `--json`, shared by the commands that read or change the metadata
/// store (`runs`, `tasks`, `pools`, `variables`, `db`, `dags pause`).
struct HomeOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Updraft home folder (default: $UPDRAFT_HOME or ~/.updraft).", valueName: "dir"))
    var home: String?

    @Option(help: ArgumentHelp(StoreOpening.help, valueName: "url"))
    var store: String?

    @Flag(help: "Print one JSON document instead of text.")
    var json = false

    /// The Updraft home these options name.
    var updraftHome: UpdraftHome { UpdraftHome.resolve(explicit: home) }
}

/// Opens a command's store and maps store errors to a message on stderr and an exit code.
enum StoreAccess {
    /// Runs `body` with the store `options` name (``StoreOpening``: exit code 2 for a bad
    /// URL or an unreachable or refusing PostgreSQL server); any other ``StoreError``
    /// (cannot open, newer schema, invalid argument) becomes `error: ...` on stderr and
    /// exit code 1.
    static func run(_ options: HomeOptions, io: CommandIO,
                    _ body: (any ManagedStore) async throws -> Int32) async throws -> Int32 {
        try await run(home: options.updraftHome, store: options.store, io: io, body)
    }

    /// Runs `body` with the store `explicit` names (else `$UPDRAFT_STORE`, else `home`'s file).
    static func run(home: UpdraftHome, store explicit: String?, io: CommandIO,
                    _ body: (any ManagedStore) async throws -> Int32) async throws -> Int32 {
        let store: any ManagedStore
        switch await StoreOpening.open(explicit: explicit, home: home, io: io) {
        case .opened(let opened): store = opened
        case .failed(let code): return code
        }
        let code: Int32
        do {
            code = try await body(store)
        } catch let error as StoreError {
            io.err("error: \(error)")
            code = 1
        } catch let error as ConnectionError {
            io.err("error: \(error)")
            code = 1
        }
        await store.close()
        return code
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
