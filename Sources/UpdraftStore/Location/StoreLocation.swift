import Foundation

/// Where the metadata store lives, parsed from a store URL: `sqlite:///path/updraft.db`
/// or `postgres://user:password@host:5432/database`.
///
/// The one place that turns a location into a store is ``open(logger:)``. Every message
/// names the location by ``description``, whose password is masked (`***`).
///
/// ```swift
/// let location = try StoreLocation(parsing: "postgres://updraft:secret@127.0.0.1:5432/updraft")
/// print(location)   // postgres://updraft:***@127.0.0.1:5432/updraft
/// ```
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite file (the embedded default: the home's `updraft.db`).
    case sqlite(path: String)
    /// A PostgreSQL database.
    case postgres(PostgresLocation)

    /// The environment variable that names the store when `--store` is not given.
    public static let environmentVariable = "UPDRAFT_STORE"

    /// The store of a command: `explicit` (`--store`), else `$UPDRAFT_STORE`, else the
    /// SQLite file of `home`. Throws ``StoreError`` `invalidArgument` for a bad URL.
    public static func resolve(explicit: String?, home: UpdraftHome,
                               environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StoreError) -> StoreLocation {
        if let explicit, !explicit.isEmpty { return try StoreLocation(parsing: explicit) }
        if let text = environment[environmentVariable], !text.isEmpty { return try StoreLocation(parsing: text) }
        return .sqlite(path: home.databasePath)
    }

    /// Parses a store URL. Throws ``StoreError`` `invalidArgument` naming the URL (password
    /// masked) and what is wrong: an unknown scheme, a SQLite URL without a path, a
    /// PostgreSQL URL without a user, host or database, a bad port.
    public init(parsing text: String) throws(StoreError) {
        let masked = StoreLocation.mask(text)
        func bad(_ why: String) -> StoreError {
            StoreError(.invalidArgument, "bad store URL: \(why) (write sqlite:///path/updraft.db or "
                       + "postgres://user:password@host:5432/database)", context: masked)
        }
        guard let schemeEnd = text.range(of: "://") else { throw bad("no scheme") }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        let rest = String(text[schemeEnd.upperBound...])
        switch scheme {
        case "sqlite":
            // sqlite:///abs/path (empty authority) or sqlite://relative/path.
            let path = rest.removingPercentEncoding ?? rest
            guard !path.isEmpty, path != "/" else { throw bad("no database file path") }
            self = .sqlite(path: path)
        case "postgres", "postgresql":
            self = .postgres(try PostgresLocation(authorityAndPath: rest, bad: bad))
        default:
            throw bad("unknown scheme '\(scheme)'")
        }
    }

    /// The URL, its password masked: what messages and logs show.
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite://\(path)"
        case .postgres(let location): location.description
        }
    }

    /// What messages name: the SQLite file's path, or the PostgreSQL URL (password masked).
    public var displayName: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let location): location.description
        }
    }

    /// True for a SQLite file (one scheduler per home: ``HomeLock``).
    public var isSQLite: Bool {
        if case .sqlite = self { return true }
        return false
    }

    /// `text` with the password of its `user:password@` part replaced by `***`.
    public static func mask(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let authorityEnd = text[schemeEnd.upperBound...].firstIndex(of: "/") ?? text.endIndex
        guard let at = text[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@"),
              let colon = text[schemeEnd.upperBound..<at].firstIndex(of: ":") else { return text }
        return text[..<text.index(after: colon)] + "***" + text[at...]
    }
}
