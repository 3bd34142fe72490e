/// The first line of an HTTP/1.x request, checked for the metrics endpoint. Pure, so bad
/// requests are unit-tested without sockets.
public struct HTTPRequestHead: Sendable, Hashable {
    /// `GET` or `HEAD`.
    public var method: String
    /// The path, query removed.
    public var path: String

    /// Largest request head read (request line + headers).
    public static let maxBytes = 8192

    /// Why a request is refused: an HTTP status and a sentence for the body.
    public struct Problem: Error, Sendable, Hashable {
        /// 400, 404, 405, 431 ...
        public var status: Int
        /// What is wrong, naming the part of the request.
        public var message: String
    }

    /// Parses `head` (the bytes up to the blank line) and checks it asks for `servedPath`.
    public static func parse(_ head: [UInt8], servedPath: String = "/metrics") -> Result<HTTPRequestHead, Problem> {
        if head.count > maxBytes {
            return .failure(Problem(status: 431, message: "request head is over \(maxBytes) bytes"))
        }
        let text = String(decoding: head, as: UTF8.self)
        let line = text.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[1].hasPrefix("/"), parts[2].hasPrefix("HTTP/1.") else {
            let shown = line.prefix(80).unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? String($0) : "?" }.joined()
            return .failure(Problem(
                status: 400, message: "malformed request line '\(shown)': expected 'GET /metrics HTTP/1.1'"))
        }
        let method = String(parts[0])
        guard method == "GET" || method == "HEAD" else {
            return .failure(Problem(status: 405, message: "method \(method) is not allowed: use GET \(servedPath)"))
        }
        let path = String(parts[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
        guard path == servedPath else {
            return .failure(Problem(status: 404, message: "no such path '\(path)': metrics are at \(servedPath)"))
        }
        return .success(HTTPRequestHead(method: method, path: path))
    }
}
