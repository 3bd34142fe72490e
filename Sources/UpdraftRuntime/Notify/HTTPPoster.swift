import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// POSTs JSON with Foundation's `URLSession` (libcurl on Linux, http and https): the
/// request runs on the session's own thread and its answer resumes the caller, so no
/// cooperative thread waits on the network. Chosen over AsyncHTTPClient because it adds no
/// package (and its TLS stack) to the build, for one request per notification.
///
/// The request runs in a detached task that is never cancelled: on Linux, cancelling a
/// `URLSession` task while it fails (its own timeout) can deadlock a cooperative thread in
/// `URLSessionTask.cancel()` (seen in this project's tests). The request's own
/// `timeoutInterval` ends it; the caller stops waiting at the same limit plus 1 s.
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
        let place = "POST \(Self.redacted(target))"
        let session = self.session
        let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<Result<URLResponse, NotifyFailure>, Never>) in
            let once = ResumeOnce(continuation)
            let request = request
            // Detached: the request runs in its own task so the timeout below can answer first (ResumeOnce settles the race).
            let sending = Task.detached {
                do {
                    let (_, response) = try await session.data(for: request)
                    once.resume(.success(response))
                } catch {
                    once.resume(.failure(NotifyFailure("\(place) failed: \(error.localizedDescription)", retryable: true)))
                }
            }
            // Detached: the timeout racing the request above; whichever resumes first wins (ResumeOnce).
            Task.detached {
                try? await Task.sleep(for: timeout + .seconds(1))
                once.resume(.failure(NotifyFailure("\(place): no answer within \(timeout)", retryable: true)))
                _ = sending
            }
        }
        let response = try outcome.get()
        guard let http = response as? HTTPURLResponse else {
            throw NotifyFailure("\(place): not an HTTP answer", retryable: true)
        }
        guard (200..<300).contains(http.statusCode) else {
            let retry = http.statusCode >= 500 || http.statusCode == 429
            throw NotifyFailure("\(place) answered HTTP \(http.statusCode)", retryable: retry)
        }
    }

    /// `scheme://host:port/…` without the path, which may hold a webhook's token.
    static func redacted(_ url: URL) -> String {
        "\(url.scheme ?? "http")://\(url.host ?? "")\(url.port.map { ":\($0)" } ?? "")/…"
    }
}

/// Resumes a continuation with the first value given; later ones are dropped.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = Mutex(continuation) }

    func resume(_ value: T) {
        continuation.withLock { c in
            c?.resume(returning: value)
            c = nil
        }
    }
}
