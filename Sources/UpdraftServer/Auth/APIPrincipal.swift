import UpdraftStore

/// Who is calling, once ``APIAuthenticator`` has checked it.
struct APIPrincipal: Sendable, Hashable {
    /// How the caller proved it.
    enum Method: String, Sendable, Hashable {
        /// A session cookie from `POST /auth/login`.
        case session
        /// `Authorization: Bearer TOKEN`.
        case token
        /// No authentication (`--api-auth none`): everyone is an admin.
        case none
    }

    /// The user; nil with `--api-auth none`.
    var username: String?
    /// What they may do.
    var role: APIRole
    /// How they proved it.
    var method: Method
    /// The session's id (its cookie), for logout.
    var sessionId: String?

    /// The caller with authentication off.
    static let anonymous = APIPrincipal(username: nil, role: .admin, method: .none, sessionId: nil)
}
