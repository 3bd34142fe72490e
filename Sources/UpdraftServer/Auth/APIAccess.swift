import UpdraftStore

/// Who may call a route.
enum APIAccess: Sendable, Hashable {
    /// Anyone, without credentials (`GET /health`, `POST /auth/login`).
    case open
    /// A user whose role is at least this one.
    case role(APIRole)
}
