import HTTPTypes
import Hummingbird

/// Every route of `/api/v1`, registered from one table so that the route/spec test reads
/// what the server serves (``APIServer/routes``).
enum APIRoutes {
    /// Where the API lives.
    static let prefix = "/api/v1"

    /// The table.
    static var all: [APIRoute] {
        MetaRoutes.all + DagRoutes.all + DagRunRoutes.all + TaskInstanceRoutes.all + LogRoutes.all
            + PoolRoutes.all + VariableRoutes.all
    }

    /// The methods served at `path` (a request path, `/api/v1/...`), for a 405's `Allow`.
    static func methods(at path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return all.filter { route in
            let template = (prefix + route.path).split(separator: "/", omittingEmptySubsequences: false)
            return template.count == segments.count && zip(template, segments).allSatisfy { t, s in
                t.hasPrefix("{") ? !s.isEmpty : t == s
            }
        }.map(\.method.rawValue)
    }

    /// A router serving `all` over `backend`, every error answered as problem JSON.
    static func router(backend: APIBackend) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware<BasicRequestContext>())
        for route in all {
            let handler = route.handler
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                try await handler(request, context, backend)
            }
        }
        return router
    }
}
