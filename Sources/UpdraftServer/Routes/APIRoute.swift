import HTTPTypes
import Hummingbird

/// One registered route: its method, its path as the OpenAPI spec writes it (under
/// `/api/v1`, parameters in braces: `/dags/{dag_id}`), who may call it and its handler.
struct APIRoute: Sendable {
    typealias Handler = @Sendable (Request, BasicRequestContext, APIBackend) async throws -> Response

    var method: HTTPRequest.Method
    var path: String
    var handler: Handler
    /// Who may call it; by default a viewer for GET, an operator for anything else.
    var access: APIAccess

    init(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler, access: APIAccess? = nil) {
        self.method = method
        self.path = path
        self.handler = handler
        self.access = access ?? (method == .get ? .role(.viewer) : .role(.operator))
    }

    /// The path in Hummingbird's syntax (`/api/v1/dags/:dag_id`).
    var routerPath: String {
        APIRoutes.prefix + path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? ":" + segment.dropFirst().dropLast() : segment
        }.joined(separator: "/")
    }
}
