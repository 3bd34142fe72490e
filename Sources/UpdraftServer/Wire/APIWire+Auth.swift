import UpdraftStore

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

extension APIWire {
    /// One API user (`GET /users`): never its password or hash.
    struct User: Codable, Equatable {
        var username: String
        var role: String
        var createdAt: String?
        enum CodingKeys: String, CodingKey { case username, role, createdAt = "created_at" }

        init(_ record: APIUserRecord) {
            username = record.username
            role = record.role.rawValue
            createdAt = APIWire.date(record.createdAt)
        }
    }

    /// `GET /users`.
    struct UserCollection: Codable, Equatable {
        var users: [User]
        var totalEntries: Int
        enum CodingKeys: String, CodingKey { case users, totalEntries = "total_entries" }
    }
}
