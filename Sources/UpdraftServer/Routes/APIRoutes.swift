import HTTPTypes
import Hummingbird

/// Every route of `/api/v1`, registered from one table so that the route/spec test reads
/// what the server serves (``APIServer/routes``).
enum APIRoutes {
    /// Where the API lives.
    static let prefix = "/api/v1"

    /// The table.
    static var all: [APIRoute] {
        MetaRoutes.all + AuthRoutes.all + DagRoutes.all + DagRunRoutes.all + TaskInstanceRoutes.all + LogRoutes.all
            + LogStreamRoutes.all + EventRoutes.all + PoolRoutes.all + VariableRoutes.all + StatsRoutes.all + UserRoutes.all
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

    /// A router serving `all` over `backend`, every error answered as problem JSON, each
    /// request's credentials checked against its route's ``APIAccess`` first; and the web
    /// UI's pages outside `/api/v1` (``UIRoutes``).
    static func router(backend: APIBackend) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ProblemMiddleware<BasicRequestContext>())
        for route in all {
            let handler = route.handler
            let access = route.access
            let name = "\(route.method) \(route.path)"
            router.on(RouterPath(route.routerPath), method: route.method) { request, context in
                _ = try await backend.authenticator.authorize(request, access: access, route: name, backend: backend)
                return try await handler(request, context, backend)
            }
        }
        UIRoutes.register(on: router, backend: backend)
        return router
    }
}
