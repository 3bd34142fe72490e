import Foundation

/// A PostgreSQL database named by a `postgres://user:password@host:port/database` URL.
/// ``description`` masks the password; nothing else prints it.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// The user to log in as.
    public var user: String
    /// The password (never printed: ``description`` masks it).
    public var password: String?
    /// Host name or address.
    public var host: String
    /// TCP port (5432 unless given).
    public var port: Int
    /// The database's name.
    public var database: String

    /// A location.
    public init(user: String, password: String?, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    /// Parses what follows `postgres://`; `bad` makes the error for a reason.
    init(authorityAndPath rest: String, bad: (String) -> StoreError) throws(StoreError) {
        let slash = rest.firstIndex(of: "/")
        let authority = slash.map { String(rest[..<$0]) } ?? rest
        var database = slash.map { String(rest[rest.index(after: $0)...]) } ?? ""
        if let query = database.firstIndex(of: "?") {
            // sslmode=require silently ignored would send the data in clear: refuse instead.
            throw bad("parameters after '?' (\(database[database.index(after: query)...])) are not supported; "
                      + "TLS to the server is not supported yet")
        }
        database = database.removingPercentEncoding ?? database
        guard !database.isEmpty, !database.contains("/") else { throw bad("no database name after the host") }
        guard let at = authority.lastIndex(of: "@") else { throw bad("no user (user@host)") }
        let credentials = authority[..<at]
        let hostPort = String(authority[authority.index(after: at)...])
        let user: String
        var password: String?
        if let colon = credentials.firstIndex(of: ":") {
            user = String(credentials[..<colon])
            let secret = String(credentials[credentials.index(after: colon)...])
            password = secret.removingPercentEncoding ?? secret
        } else {
            user = String(credentials)
        }
        guard !user.isEmpty else { throw bad("no user (user@host)") }
        var host = hostPort
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            host = String(hostPort[..<colon])
            let portText = hostPort[hostPort.index(after: colon)...]
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw bad("port '\(portText)' is not a number from 1 to 65535")
            }
            port = number
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw bad("no host") }
        self.init(user: user.removingPercentEncoding ?? user, password: password, host: host, port: port,
                  database: database)
    }

    /// `host:port`, as error lines name the server.
    public var server: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The URL with the password masked.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(server)/\(database)"
    }

    /// The same server and user, another database (tests and `CREATE DATABASE`).
    public func database(_ name: String) -> PostgresLocation {
        var copy = self
        copy.database = name
        return copy
    }
}
