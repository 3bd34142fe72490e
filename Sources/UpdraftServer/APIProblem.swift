import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answered as RFC 9457 problem details:
/// `{"type": "about:blank", "status": 404, "title": "Not Found", "detail": "no DAG 'x'"}`
/// with `Content-Type: application/problem+json`.
///
/// Every error path of the API ends here (``ProblemMiddleware`` maps the framework's own
/// errors too), so a client never sees an HTML page, an empty body or a stack trace.
public struct APIProblem: Error, Sendable, Hashable, HTTPResponseError {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong, for people: names the input that was wrong.
    public var detail: String
    /// The `Allow` header of a 405.
    var allow: String?
    /// More headers (`WWW-Authenticate` of a 401, `Retry-After` of a 429).
    var extraHeaders: [HTTPField] = []

    /// A problem with `status` and `detail`.
    public init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    /// 400: the request is malformed (JSON, types, unknown fields, bad query values).
    public static func badRequest(_ detail: String) -> APIProblem { APIProblem(.badRequest, detail) }
    /// 404: what the path names does not exist.
    public static func notFound(_ detail: String) -> APIProblem { APIProblem(.notFound, detail) }
    /// 409: the request conflicts with the current state (nothing was changed).
    public static func conflict(_ detail: String) -> APIProblem { APIProblem(.conflict, detail) }

    /// The JSON document.
    struct Body: Codable, Equatable {
        var type: String
        var status: Int
        var title: String
        var detail: String
    }

    /// The problem document as a response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    /// The problem document as a response (no request needed).
    func response() -> Response {
        let body = Body(type: "about:blank", status: status.code, title: status.reasonPhrase, detail: detail)
        let data = (try? JSONEncoder.api.encode(body)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        if let allow { headers[.allow] = allow }
        headers.append(contentsOf: extraHeaders)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
