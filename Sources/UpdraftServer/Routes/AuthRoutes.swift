import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import UpdraftStore

/// `POST /auth/login`, `POST /auth/logout`, `GET /auth/me`.
enum AuthRoutes {
    static var all: [APIRoute] {
        [
            APIRoute(.post, "/auth/login", login, access: .open),
            APIRoute(.post, "/auth/logout", logout, access: .role(.viewer)),
            APIRoute(.get, "/auth/me", me, access: .role(.viewer)),
        ]
    }

    /// A hash to check unknown usernames against, so that they take as long as wrong passwords.
    private static let decoyHash = Bcrypt.hash("updraft decoy password", cost: APIPasswords.defaultCost)

    /// `{"username": U, "password": P}` -> a session: cookies `updraft_session` (HttpOnly,
    /// SameSite=Strict) and `updraft_csrf`, and the CSRF token in the body. 401 for a wrong
    /// username or password (the same answer for both); 429 after 5 failures in a minute.
    static func login(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let body = try await JSONBody.read(request, allowed: ["username", "password"])
        let username = try body.string("username", required: true) ?? ""
        let password = try body.string("password", required: true) ?? ""
        if let problem = APIUsernames.problem(with: username) { throw APIProblem.badRequest(problem) }
        if password.isEmpty { throw APIProblem.badRequest("the password must not be empty") }
        let auth = backend.authenticator
        let now = backend.now()
        if let wait = await auth.throttle.retryAfter(username, now: now) {
            var problem = APIProblem(.tooManyRequests, "\(LoginThrottle.maxFailures) wrong passwords for '\(username)' "
                + "within \(Int(LoginThrottle.window)) s: try again in \(wait) s")
            problem.extraHeaders = [HTTPField(name: .retryAfter, value: String(wait))]
            throw problem
        }
        let user = try await backend.store.apiUser(username)
        let hash = user?.passwordHash
        let matches = try await OffPool.run { Bcrypt.verify(password, hash: hash ?? decoyHash) }
        guard let user, matches else {
            await auth.throttle.fail(username, now: now)
            throw APIAuthenticator.unauthorized("wrong username or password")
        }
        await auth.throttle.succeed(username)
        let (id, session) = await auth.sessions.open(username: username, now: now)
        let maxAge = Int(SessionTable.lifetime)
        var response = try JSONResponse.make(APIWire.Identity(
            username: user.username, role: user.role.rawValue, auth: "session", csrfToken: session.csrfToken,
            expiresAt: APIWire.date(session.expiresAt)))
        response.headers.append(HTTPField(name: .setCookie, value:
            "\(APIAuthenticator.sessionCookie)=\(id); Path=/; Max-Age=\(maxAge); HttpOnly; SameSite=Strict"))
        response.headers.append(HTTPField(name: .setCookie, value:
            "\(APIAuthenticator.csrfCookie)=\(session.csrfToken); Path=/; Max-Age=\(maxAge); SameSite=Strict"))
        return response
    }

    /// Ends the session of the cookie (nothing to do for a bearer token) and clears the cookies.
    static func logout(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        if let id = request.cookies[APIAuthenticator.sessionCookie]?.value {
            await backend.authenticator.sessions.close(id: id)
        }
        var response = JSONResponse.noContent
        response.headers.append(HTTPField(name: .setCookie, value:
            "\(APIAuthenticator.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"))
        response.headers.append(HTTPField(name: .setCookie, value:
            "\(APIAuthenticator.csrfCookie)=; Path=/; Max-Age=0; SameSite=Strict"))
        return response
    }

    /// Who the caller is: username, role and how they authenticated.
    static func me(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend) async throws -> Response {
        let principal = try await backend.authenticator.identify(request, backend: backend)
        return try JSONResponse.make(APIWire.Identity(
            username: principal.username, role: principal.role.rawValue, auth: principal.method.rawValue))
    }
}
