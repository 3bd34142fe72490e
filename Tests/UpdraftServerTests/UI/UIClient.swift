import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// GETs pages of the web UI (outside `/api/v1`) without following redirects, with the
/// headers (a session cookie) of `client`.
struct UIClient: Sendable {
    let port: Int
    var headers: [String: String] = [:]

    private final class NoRedirect: NSObject, URLSessionTaskDelegate, Sendable {
        func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                        newRequest request: URLRequest) async -> URLRequest? { nil }
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration, delegate: NoRedirect(), delegateQueue: nil)
    }()

    /// The status, content type and body text of `GET path`.
    func get(_ path: String) async throws -> (status: Int, type: String, text: String, location: String?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type") ?? "", String(decoding: data, as: UTF8.self),
                http.value(forHTTPHeaderField: "Location"))
    }
}

extension HTTPClient {
    /// A UI client sending this client's headers.
    var ui: UIClient { UIClient(port: port, headers: headers) }
}
