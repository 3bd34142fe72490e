import Foundation
import HTTPTypes
import Hummingbird
import UpdraftStore

/// Checks each request's credentials against the route's ``APIAccess``: a session cookie
/// (`updraft_session`, from `POST /auth/login`; a mutating request must also carry the
/// session's CSRF token in `X-CSRF-Token`) or `Authorization: Bearer TOKEN` (an API token
/// from `updraft tokens create`). 401 without valid credentials, 403 for a role too low
/// or a missing CSRF token. The user's role is read from the store on every request, so a
/// deleted user or a revoked token stops working at once.
struct APIAuthenticator: Sendable {
    /// The session cookie's name (HttpOnly, SameSite=Strict, Path=/: the web UI's pages need it too).
    static let sessionCookie = "updraft_session"
    /// The CSRF cookie's name (readable by the page's script, SameSite=Strict).
    static let csrfCookie = "updraft_csrf"
    /// The header a cookie-authenticated mutating request carries the CSRF token in.
    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// Whether credentials are asked for.
    let mode: APIAuthMode
    /// Browser sessions of this process.
    let sessions = SessionTable()
    /// Wrong-password slowdown.
    let throttle = LoginThrottle()

    /// The caller of `request`, if allowed `access` on `route` (`POST /dags/{dag_id}/dagRuns`,
    /// for messages); throws the 401 or 403 otherwise.
    func authorize(_ request: Request, access: APIAccess, route: String, backend: APIBackend) async throws -> APIPrincipal {
        guard case .role(let needed) = access else { return .anonymous }
        guard mode == .users else { return .anonymous }
        let principal = try await identify(request, backend: backend)
        guard principal.role >= needed else {
            throw APIProblem(.forbidden, "user '\(principal.username ?? "")' has role \(principal.role.rawValue): "
                + "\(route) needs \(needed.rawValue) or higher")
        }
        if principal.method == .session, ![.get, .head, .options].contains(request.method) {
            let sent = request.headers[Self.csrfHeader] ?? ""
            guard let id = principal.sessionId, let session = await sessions.session(id: id, now: backend.now()),
                  !sent.isEmpty, APISecrets.constantTimeEqual(sent, session.csrfToken) else {
                throw APIProblem(.forbidden, "a request authenticated by the session cookie that changes something must "
                    + "carry the session's CSRF token in the X-CSRF-Token header (csrf_token of POST /api/v1/auth/login, "
                    + "or the \(Self.csrfCookie) cookie)")
            }
        }
        return principal
    }

    /// Who sent `request` (bearer token first, then the session cookie); a 401 when neither
    /// is valid. With `--api-auth none`, ``APIPrincipal/anonymous``.
    func identify(_ request: Request, backend: APIBackend) async throws -> APIPrincipal {
        guard mode == .users else {
            if let id = request.cookies[Self.sessionCookie]?.value, let session = await sessions.session(id: id, now: backend.now()),
               let user = try await backend.store.apiUser(session.username) {
                return APIPrincipal(username: user.username, role: user.role, method: .session, sessionId: id)
            }
            return .anonymous
        }
        if let header = request.headers[.authorization] {
            return try await bearer(header, backend: backend)
        }
        if let id = request.cookies[Self.sessionCookie]?.value, !id.isEmpty {
            guard let session = await sessions.session(id: id, now: backend.now()) else {
                throw Self.unauthorized("the session has expired or was logged out: log in again (POST /api/v1/auth/login)")
            }
            guard let user = try await backend.store.apiUser(session.username) else {
                await sessions.close(id: id)
                throw Self.unauthorized("user '\(session.username)' no longer exists")
            }
            return APIPrincipal(username: user.username, role: user.role, method: .session, sessionId: id)
        }
        throw Self.unauthorized("authentication required: log in (POST /api/v1/auth/login) for a session cookie, "
            + "or send Authorization: Bearer TOKEN (updraft tokens create)")
    }

    private func bearer(_ header: String, backend: APIBackend) async throws -> APIPrincipal {
        let parts = header.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].lowercased() == "bearer", !parts[1].isEmpty,
              parts[1].allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw Self.unauthorized("malformed Authorization header: expected 'Bearer TOKEN'")
        }
        let text = String(parts[1])
        guard let token = try await backend.store.apiToken(hash: APISecrets.sha256Hex(text)) else {
            throw Self.unauthorized("unknown or revoked API token")
        }
        if let expires = token.expiresAt, expires <= backend.now() {
            throw Self.unauthorized("API token \(token.tokenId) expired at \(APIWire.date(expires) ?? "")")
        }
        guard let user = try await backend.store.apiUser(token.username) else {
            throw Self.unauthorized("unknown or revoked API token")
        }
        return APIPrincipal(username: user.username, role: user.role, method: .token, sessionId: nil)
    }

    /// A 401 with `WWW-Authenticate: Bearer realm="updraft"`.
    static func unauthorized(_ detail: String) -> APIProblem {
        var problem = APIProblem(.unauthorized, detail)
        problem.extraHeaders = [HTTPField(name: .wwwAuthenticate, value: "Bearer realm=\"updraft\"")]
        return problem
    }
}
