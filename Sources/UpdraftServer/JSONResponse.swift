import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// JSON responses of the API.
enum JSONResponse {
    /// `value` as `application/json` with `status`.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// 204 No Content.
    static var noContent: Response { Response(status: .noContent) }
}
