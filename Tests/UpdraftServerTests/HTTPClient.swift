import Foundation
import Testing
import UpdraftServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One answer of the server.
struct HTTPAnswer: @unchecked Sendable {
    // @unchecked: `json` holds JSONSerialization's immutable Foundation values, read only.
    var status: Int
    var contentType: String
    var allow: String?
    var headers: [String: String] = [:]
    var body: Data
    var json: Any?

    /// The body as an object.
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    /// A list field of the object.
    func list(_ key: String) -> [[String: Any]] { object[key] as? [[String: Any]] ?? [] }
    /// The body as text.
    var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether this is RFC 9457 problem JSON with `status` and a detail containing `needle`.
    func isProblem(_ status: Int, mentioning needle: String = "") -> Bool {
        self.status == status && contentType.hasPrefix("application/problem+json")
            && object["status"] as? Int == status && object["type"] is String && object["title"] is String
            && (object["detail"] as? String).map { needle.isEmpty || $0.contains(needle) } == true
    }
}

/// A real HTTP client (URLSession over libcurl) for the fixture's server; `headers` go
/// with every request (cookies are never stored: tests send them by hand).
struct HTTPClient: Sendable {
    let port: Int
    var headers: [String: String] = [:]

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    /// This client with more headers.
    func with(_ more: [String: String]) -> HTTPClient {
        HTTPClient(port: port, headers: headers.merging(more) { $1 })
    }

    /// Sends `method path` with an optional raw body.
    func send(_ method: String, _ path: String, body: Data? = nil) async throws -> HTTPAnswer {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1\(path)")!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return HTTPAnswer(status: http.statusCode, contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "",
                          allow: http.value(forHTTPHeaderField: "Allow"), headers: fields, body: data, json: data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
    }

    func get(_ path: String) async throws -> HTTPAnswer { try await send("GET", path) }
    func delete(_ path: String) async throws -> HTTPAnswer { try await send("DELETE", path) }
    func post(_ path: String, _ json: String) async throws -> HTTPAnswer { try await send("POST", path, body: Data(json.utf8)) }
    func patch(_ path: String, _ json: String) async throws -> HTTPAnswer { try await send("PATCH", path, body: Data(json.utf8)) }
}

extension APIFixture {
    var client: HTTPClient { HTTPClient(port: port) }
}

/// Runs `body` against a fresh fixture, stopping it afterwards.
func withAPI(auth: APIAuthMode = .none, _ body: (APIFixture, HTTPClient) async throws -> Void) async throws {
    let fixture = try await APIFixture.start(auth: auth)
    do {
        try await body(fixture, fixture.client)
    } catch {
        await fixture.stop()
        throw error
    }
    await fixture.stop()
}

/// Expects `answer` to be problem JSON with `status` whose detail mentions `needle`.
func expectProblem(_ answer: HTTPAnswer, _ status: Int, mentioning needle: String = "",
                   sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(answer.isProblem(status, mentioning: needle), "\(answer.status) \(answer.contentType) \(answer.text.prefix(300))",
            sourceLocation: sourceLocation)
}
