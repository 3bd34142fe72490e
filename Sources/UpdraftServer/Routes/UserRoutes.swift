import Foundation
import Hummingbird
import UpdraftStore

/// Users of the API, for admins: list, create, one, delete (what `updraft users` does).
/// A password is taken only in a create body and stored as a bcrypt hash; no answer holds
/// it or its hash. Deleting a user ends their sessions and API tokens at once.
enum UserRoutes {
    static var all: [APIRoute] {
        [
            APIRoute(.get, "/users", list, access: .role(.admin)),
            APIRoute(.post, "/users", create, access: .role(.admin)),
            APIRoute(.get, "/users/{username}", get, access: .role(.admin)),
            APIRoute(.delete, "/users/{username}", delete, access: .role(.admin)),
        ]
    }

    static func list(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let page = try RequestInput.page(request)
        let all = try await backend.store.apiUsers().sorted { $0.username < $1.username }
        return try JSONResponse.make(APIWire.UserCollection(users: RequestInput.slice(all, page).map(APIWire.User.init),
                                                           totalEntries: all.count))
    }

    /// `{"username": U, "password": P, "role": "viewer" | "operator" | "admin"}`; 409 when
    /// the username is taken.
    static func create(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let body = try await JSONBody.read(request, allowed: ["username", "password", "role"])
        let username = try body.string("username", required: true) ?? ""
        let password = try body.string("password", required: true) ?? ""
        let roleName = try body.string("role", required: true) ?? ""
        if let problem = APIUsernames.problem(with: username) { throw APIProblem.badRequest("field 'username': \(problem)") }
        if let problem = APIPasswords.problem(with: password) { throw APIProblem.badRequest("field 'password': \(problem)") }
        guard let role = APIRole(rawValue: roleName) else {
            throw APIProblem.badRequest("field 'role' must be one of viewer, operator, admin, not '\(roleName)'")
        }
        if try await backend.store.apiUser(username) != nil {
            throw APIProblem.conflict("user '\(username)' already exists")
        }
        let record = APIUserRecord(username: username, role: role, passwordHash: try await APIPasswords.hash(password),
                                   createdAt: backend.now())
        guard try await backend.store.createAPIUser(record) else {
            throw APIProblem.conflict("user '\(username)' already exists")
        }
        return try JSONResponse.make(APIWire.User(record))
    }

    static func get(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let username = try RequestInput.path(context, "username")
        guard let record = try await backend.store.apiUser(username) else { throw APIProblem.notFound("no user '\(username)'") }
        return try JSONResponse.make(APIWire.User(record))
    }

    static func delete(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let username = try RequestInput.path(context, "username")
        guard try await backend.store.deleteAPIUser(username) else { throw APIProblem.notFound("no user '\(username)'") }
        return JSONResponse.noContent
    }
}
