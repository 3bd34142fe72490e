import Foundation
import UpdraftStore

/// A store that could not be opened: the error line is printed; the command exits with this code.
struct StoreOpeningFailure: Error {
    var exitCode: Int32
}

/// Turns a command's `--store` (else `$UPDRAFT_STORE`, else the home's `updraft.db`) into an
/// open store, or one error line and an exit code: 2 for a bad URL and for a PostgreSQL
/// server that cannot be reached or refuses the login (the line names the URL with its
/// password masked, `host:port` and the reason); 1 for any other store error.
enum StoreOpening {
    /// What opening gave.
    enum Outcome {
        case opened(any ManagedStore)
        case failed(Int32)
    }

    /// The store location of a command, or nil after the error line (exit code 2).
    static func location(explicit: String?, home: UpdraftHome, io: CommandIO) -> StoreLocation? {
        do {
            return try StoreLocation.resolve(explicit: explicit, home: home)
        } catch {
            io.err("error: \(error)")
            return nil
        }
    }

    /// Opens `location`; on failure prints the error line.
    static func open(_ location: StoreLocation, io: CommandIO) async -> Outcome {
        do {
            return .opened(try await location.open())
        } catch {
            io.err("error: \(error)")
            return .failed(exitCode(for: error, at: location))
        }
    }

    /// Resolves then opens.
    static func open(explicit: String?, home: UpdraftHome, io: CommandIO) async -> Outcome {
        guard let location = location(explicit: explicit, home: home, io: io) else { return .failed(2) }
        return await open(location, io: io)
    }

    /// 2 for a PostgreSQL server that cannot be reached or refuses, 1 otherwise.
    static func exitCode(for error: StoreError, at location: StoreLocation) -> Int32 {
        !location.isSQLite && error.code == .cannotOpen ? 2 : 1
    }

    /// The help text of every `--store` option.
    static let help = "Metadata store URL: sqlite:///path/updraft.db or postgres://user:password@host:5432/db "
        + "(default: $UPDRAFT_STORE, else the home's updraft.db)."
}
