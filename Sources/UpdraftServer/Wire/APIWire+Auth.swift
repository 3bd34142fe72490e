extension APIWire {
    /// `POST /auth/login`'s answer and `GET /auth/me`.
    struct Identity: Codable, Equatable {
        /// The user; null with `--api-auth none` and no session.
        var username: String?
        var role: String
        /// `session`, `token` or `none`.
        var auth: String
        /// The session's CSRF token (login only): send it as `X-CSRF-Token` on mutating requests.
        var csrfToken: String?
        /// When the session ends (login only).
        var expiresAt: String?
        enum CodingKeys: String, CodingKey {
            case username, role, auth, csrfToken = "csrf_token", expiresAt = "expires_at"
        }
    }
}
