import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs JSON with Foundation's `URLSession` (libcurl on Linux, http and https): the
/// request runs on the session's own thread and its answer resumes the caller, so no
/// cooperative thread waits on the network. Chosen over AsyncHTTPClient because it adds no
/// package (and its TLS stack) to the build, for one request per notification.
struct HTTPPoster: Sendable {
    let session: URLSession

    /// A poster with its own ephemeral session (no cookies, no cache).
    init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    /// POSTs `body` to `url`; a 2xx answer is success.
    ///
    /// - Throws: ``NotifyFailure``: retryable for network errors, timeouts, 5xx and 429; not
    ///   for other statuses or a malformed URL.
    func post(_ body: Data, to url: String, timeout: Duration) async throws(NotifyFailure) {
        guard let target = URL(string: url), target.host != nil else {
            throw NotifyFailure("'\(url.prefix(200))' is not a valid URL", retryable: false)
        }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("updraft-notifier", forHTTPHeaderField: "User-Agent")
        request.timeoutInterval = timeout.seconds
        let response: URLResponse
        do {
            (_, response) = try await session.data(for: request)
        } catch {
            throw NotifyFailure("POST \(Self.redacted(target)) failed: \(error.localizedDescription)", retryable: true)
        }
        guard let http = response as? HTTPURLResponse else {
            throw NotifyFailure("POST \(Self.redacted(target)): not an HTTP answer", retryable: true)
        }
        guard (200..<300).contains(http.statusCode) else {
            let retry = http.statusCode >= 500 || http.statusCode == 429
            throw NotifyFailure("POST \(Self.redacted(target)) answered HTTP \(http.statusCode)", retryable: retry)
        }
    }

    /// `scheme://host:port/…` without the path, which may hold a webhook's token.
    static func redacted(_ url: URL) -> String {
        "\(url.scheme ?? "http")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")/…"
    }
}
