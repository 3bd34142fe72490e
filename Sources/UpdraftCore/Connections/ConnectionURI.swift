import Foundation

/// Airflow's connection URI form, read and written:
/// `postgres://login:password@host:5432/schema?sslmode=require`.
///
/// As Airflow: the scheme is the `conn_type` (`-` read as `_`, `postgresql` as `postgres`);
/// login, password, host and schema are percent-decoded; query parameters become `extra`
/// (a JSON object of strings), unless one is `__extra__`, whose value is the extra JSON
/// itself. Writing percent-encodes every part, so any password survives the round trip.
public enum ConnectionURI {
    /// Reads `text` as the URI of connection `connId`; the error names what is wrong.
    public static func parse(_ text: String, connId: String) throws(ConnectionError) -> Connection {
        func fail(_ message: String) -> ConnectionError {
            ConnectionError(.invalidURI, message, context: "connection \(connId) URI")
        }
        let uri = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = uri.range(of: "://") else {
            throw fail("expected TYPE://[LOGIN[:PASSWORD]@]HOST[:PORT][/SCHEMA][?EXTRA], e.g. postgres://u:p@db:5432/sales")
        }
        let scheme = String(uri[..<schemeEnd.lowerBound])
        guard !scheme.isEmpty else { throw fail("the connection type (the part before ://) is missing") }
        let schemeAllowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-_")
        if let bad = scheme.first(where: { !schemeAllowed.contains($0) }) {
            throw fail("the connection type '\(scheme)' contains '\(bad)'")
        }
        var rest = String(uri[schemeEnd.upperBound...])
        if let hash = rest.firstIndex(of: "#") { rest = String(rest[..<hash]) }
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = String(rest[..<mark])
        }
        var authority = rest
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            authority = String(rest[..<slash])
            path = String(rest[rest.index(after: slash)...])
        }
        var userInfo: String?
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            hostPort = String(authority[authority.index(after: at)...])
        }
        var connection = Connection(connId: connId, connType: normalizedType(scheme))
        if let userInfo {
            if let colon = userInfo.firstIndex(of: ":") {
                connection.login = try decode(String(userInfo[..<colon]), "login", fail)
                connection.password = try decode(String(userInfo[userInfo.index(after: colon)...]), "password", fail)
            } else {
                connection.login = try decode(userInfo, "login", fail)
            }
        }
        var host = hostPort
        var portText: String?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("the IPv6 host '\(hostPort)' has no ']'") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) } else if !after.isEmpty {
                throw fail("unexpected '\(after)' after the IPv6 host")
            }
        } else if let colon = hostPort.lastIndex(of: ":") {
            host = String(hostPort[..<colon])
            portText = String(hostPort[hostPort.index(after: colon)...])
        }
        connection.host = try decode(host, "host", fail)
        if let portText, !portText.isEmpty {
            guard let port = Int(portText), (0...65535).contains(port) else {
                throw fail("port '\(portText)' is not a number from 0 to 65535")
            }
            connection.port = port
        }
        connection.schema = try decode(path, "schema", fail)
        if !query.isEmpty { connection.extra = try extra(fromQuery: query, fail) }
        return connection
    }

    /// The URI of `connection` (Airflow's `get_uri`): it parses back to the same fields.
    public static func format(_ connection: Connection) -> String {
        var uri = connection.connType.lowercased().replacingOccurrences(of: "_", with: "-") + "://"
        var authority = ""
        if !connection.login.isEmpty { authority += percentEncoded(connection.login) }
        if !connection.password.isEmpty { authority += ":" + percentEncoded(connection.password) }
        if !authority.isEmpty { uri += authority + "@" }
        uri += percentEncoded(connection.host)
        if let port = connection.port { uri += ":\(port)" }
        if !connection.schema.isEmpty { uri += "/" + percentEncoded(connection.schema) }
        if !connection.extra.isEmpty {
            uri += (connection.schema.isEmpty ? "/?" : "?") + query(forExtra: connection.extra)
        }
        return uri
    }

    /// `text` with everything but unreserved characters (RFC 3986) percent-encoded, as
    /// Python's `quote(text, safe="")`.
    public static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(Character(UnicodeScalar(byte)))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    /// `postgresql` is `postgres`; `-` is `_` (Airflow's `_normalize_conn_type`).
    static func normalizedType(_ scheme: String) -> String {
        let type = scheme.replacingOccurrences(of: "-", with: "_")
        return type == "postgresql" ? "postgres" : type
    }

    private static func decode(
        _ text: String, _ part: String, _ fail: (String) -> ConnectionError, plusIsSpace: Bool = false
    ) throws(ConnectionError) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                    throw fail("the \(part) has a '%' not followed by two hex digits")
                }
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else if plusIsSpace, byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw fail("the \(part) is not UTF-8 once percent-decoded")
        }
        return decoded
    }

    /// `extra` from a query: `__extra__`'s value, else the parameters as a JSON object.
    private static func extra(fromQuery query: String, _ fail: (String) -> ConnectionError) throws(ConnectionError) -> String {
        var members: [String: JSONValue] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(String(parts[0]), "query", fail, plusIsSpace: true)
            let value = parts.count > 1 ? try decode(String(parts[1]), "query", fail, plusIsSpace: true) : ""
            if key == "__extra__" {
                guard let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(value.utf8)), case .object = parsed else {
                    throw fail("__extra__ is not a JSON object")
                }
                return value
            }
            members[key] = .string(value)
        }
        return String(decoding: JSONText.data(.object(members)), as: UTF8.self)
    }

    /// The query for `extra`: its members when they are all strings (they read back the
    /// same), else `__extra__=<the JSON>`.
    private static func query(forExtra extra: String) -> String {
        if let parsed = try? JSONDecoder().decode(JSONValue.self, from: Data(extra.utf8)), case .object(let members) = parsed {
            var pairs: [String] = []
            var allStrings = true
            for key in members.keys.sorted() {
                guard case .string(let value) = members[key] else { allStrings = false; break }
                pairs.append(percentEncoded(key) + "=" + percentEncoded(value))
            }
            if allStrings, !pairs.isEmpty { return pairs.joined(separator: "&") }
        }
        return "__extra__=" + percentEncoded(extra)
    }
}
