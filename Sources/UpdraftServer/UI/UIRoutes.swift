import Foundation
import HTTPTypes
import Hummingbird
import UpdraftStore

/// The web UI, served beside `/api/v1` on the same port and behind the same
/// authentication: a browser without a session (when auth is on) gets the login page,
/// which logs in through `POST /api/v1/auth/login`. These routes are outside `/api/v1`, so
/// they are not in the OpenAPI spec's table (``APIRoutes/all``).
///
/// | path | page |
/// |---|---|
/// | `/` | DAGs (`?q=` search, `?tag=` filter) |
/// | `/dags/{dag_id}/grid` | grid (`?run=` opens a run, `?offset=&limit=` pages rows) |
/// | `/dags/{dag_id}/graph` | graph (`?run=`) |
/// | `/dags/{dag_id}/gantt` | Gantt of one run (`?run=`, default the newest) |
/// | `/dags/{dag_id}/trigger` | trigger form |
/// | `/pools`, `/variables` | pools, variables |
/// | `/workers` | workers and message flow (the stats snapshot, refreshed every 2 s) |
/// | `/ui/log` | a chunk of a log, tail first (JSON, for the grid's panel) |
enum UIRoutes {
    typealias Handler = @Sendable (Request, BasicRequestContext, APIBackend, UIViewer) async throws -> Response

    /// Every page: (path in Hummingbird's syntax, handler).
    static var pages: [(String, Handler)] {
        [
            ("/", DagsPage.render),
            ("/dags/:dag_id", { request, context, backend, _ in
                let id = try RequestInput.path(context, "dag_id")
                return Response(status: .seeOther, headers: [.location: "/dags/\(HTML.urlPart(id))/grid"])
            }),
            ("/dags/:dag_id/grid", GridPage.render),
            ("/dags/:dag_id/graph", GraphPage.render),
            ("/dags/:dag_id/gantt", GanttPage.render),
            ("/dags/:dag_id/trigger", TriggerPage.render),
            ("/pools", PoolsPage.render),
            ("/variables", VariablesPage.render),
            ("/workers", WorkersPage.render),
        ]
    }

    /// Whether the API serves marking a task instance (`PATCH .../taskInstances/{task_id}`).
    static var hasMarkRoute: Bool {
        APIRoutes.all.contains { $0.method == .patch && $0.path == TaskInstanceRoutes.base + "/{task_id}" }
    }

    /// Adds the UI's routes to `router`.
    static func register(on router: Router<BasicRequestContext>, backend: APIBackend) {
        router.get("/ui/app.css") { _, _ in UIPage.asset(StatePalette.css + "\n" + UIStyle.css, type: "text/css; charset=utf-8") }
        router.get("/ui/app.js") { _, _ in UIPage.asset(UIScript.js, type: "text/javascript; charset=utf-8") }
        router.get("/login") { request, _ in
            if (try? await backend.authenticator.identify(request, backend: backend)) != nil {
                return Response(status: .seeOther, headers: [.location: "/"])
            }
            return UIPage.login(detail: nil)
        }
        router.get("/ui/log") { request, context in
            _ = try await backend.authenticator.authorize(request, access: .role(.viewer), route: "GET /ui/log", backend: backend)
            return try await LogTail.answer(request, backend)
        }
        for (path, handler) in pages {
            router.get(RouterPath(path)) { request, context in
                try await serve(request, context, backend, handler)
            }
        }
    }

    /// Runs a page handler: the login page when credentials are missing, an HTML error page
    /// for any error (bad input: 400, unknown DAG or run: 404), never a 500 for bad input.
    static func serve(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend,
                      _ handler: Handler) async throws -> Response {
        let mode = backend.authenticator.mode
        let principal: APIPrincipal
        do {
            principal = try await backend.authenticator.identify(request, backend: backend)
        } catch let problem as APIProblem where problem.status == .unauthorized {
            return UIPage.login(detail: request.cookies[APIAuthenticator.sessionCookie] == nil ? nil : problem.detail)
        }
        var viewer = UIViewer(principal, mode: mode)
        viewer.hasWorkersPage = true
        do {
            return try await handler(request, context, backend, viewer)
        } catch let problem as APIProblem {
            return UIPage.error(problem.status, problem.detail, viewer: viewer)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            context.logger.error("UI error on \(request.uri.path): \(error)")
            return UIPage.error(.internalServerError, "internal error: \(error)", viewer: viewer)
        }
    }
}
