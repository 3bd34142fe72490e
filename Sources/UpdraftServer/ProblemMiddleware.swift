import Foundation
import Hummingbird
import Logging
import NIOCore
import UpdraftStore

/// Turns every error a route (or the router: unknown path, body too large) throws into an
/// ``APIProblem`` response. Errors that are not the client's fault become a 500 whose
/// detail names the store error, never a stack trace.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context,
                next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as APIProblem {
            return problem.response()
        } catch let error as HTTPError {
            return Self.problem(for: error, request: request).response()
        } catch is NIOTooManyBytesError {
            // A body without Content-Length (chunked) that grew past the limit.
            return APIProblem(.contentTooLarge, "request body over \(JSONBody.maxBytes) bytes (1 MiB)").response()
        } catch let error as StoreError where error.code == .invalidArgument {
            return APIProblem.badRequest(error.description).response()
        } catch let error as StoreError {
            context.logger.error("store error on \(request.method) \(request.uri.path): \(error)")
            return APIProblem(.internalServerError, "metadata store: \(error)").response()
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as any HTTPResponseError {
            return APIProblem(error.status, error.status.reasonPhrase).response()
        } catch {
            context.logger.error("error on \(request.method) \(request.uri.path): \(error)")
            return APIProblem(.internalServerError, "internal error (\(type(of: error)))").response()
        }
    }

    /// 405 naming the allowed methods when the path is served with other methods, else 404.
    static func notFound(_ request: Request) -> APIProblem {
        let allowed = APIRoutes.methods(at: request.uri.path)
        guard !allowed.isEmpty else { return APIProblem(.notFound, "no route \(request.method) \(request.uri.path)") }
        var problem = APIProblem(.methodNotAllowed, "\(request.method) is not served at \(request.uri.path) "
            + "(allowed: \(allowed.joined(separator: ", ")))")
        problem.allow = allowed.joined(separator: ", ")
        return problem
    }

    /// The problem for one of Hummingbird's own errors.
    static func problem(for error: HTTPError, request: Request) -> APIProblem {
        switch error.status {
        case .notFound:
            notFound(request)
        case .contentTooLarge:
            APIProblem(.contentTooLarge, "request body over \(JSONBody.maxBytes) bytes (1 MiB)")
        default:
            APIProblem(error.status, error.body ?? error.status.reasonPhrase)
        }
    }
}
