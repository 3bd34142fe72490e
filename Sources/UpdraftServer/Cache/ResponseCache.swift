import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Synchronization

/// Encoded JSON bodies of the busiest read routes (`GET /dags`, a run's task instances),
/// served again until the store changes: keyed by request path and query, checked against
/// the store's ``UpdraftStore/MetaStore/dataVersion()`` (one cheap read per request instead
/// of the page's reads, summaries and encoding). What is served is never older than the
/// last commit the request could have seen, nor than ``ResponseCacheTable/maxAge``.
///
/// The answer does not depend on who asks (every role reads the same data; authorization
/// runs before the handler).
final class ResponseCache: Sendable {
    private let table: Mutex<ResponseCacheTable>

    /// A cache of at most `capacity` pages, each at most `maxAge` old.
    init(maxAge: Duration = .seconds(1), capacity: Int = 256) {
        table = Mutex(ResponseCacheTable(maxAge: maxAge, capacity: capacity))
    }

    /// The JSON of `build()` for `key`, from the cache while the store's version is the one
    /// it was built at. The version is read before building, so an entry is never newer
    /// than its version says: a commit during the build makes the next request rebuild.
    func json(_ key: String, version: Int64, build: () async throws -> some Encodable) async throws -> Response {
        if let body = table.withLock({ $0.lookup(key, version: version, now: .now) }) {
            return Self.response(body)
        }
        let builtAt = ContinuousClock.now
        let body = ByteBuffer(bytes: try JSONEncoder.api.encode(try await build()))
        table.withLock { $0.insert(key, version: version, builtAt: builtAt, body: body) }
        return Self.response(body)
    }

    private static func response(_ body: ByteBuffer) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
