import Foundation

/// The browser sessions of one server process (`POST /auth/login` opens one, `/auth/logout`
/// closes it): held in memory, so a restart logs everyone out. A session lives
/// ``lifetime`` from login; the user's role is read from the store on every request, so
/// deleting a user ends their sessions at once.
actor SessionTable {
    /// One open session.
    struct Session: Sendable {
        var username: String
        var csrfToken: String
        var expiresAt: Date
    }

    /// How long a session lasts: 12 hours.
    static let lifetime: TimeInterval = 12 * 3600
    /// At most this many sessions; the oldest goes first.
    static let capacity = 10_000

    private var sessions: [String: Session] = [:]

    /// Opens a session for `username`; returns its id (the cookie) and its CSRF token.
    func open(username: String, now: Date) -> (id: String, session: Session) {
        sweep(now: now)
        if sessions.count >= Self.capacity, let oldest = sessions.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
            sessions[oldest.key] = nil
        }
        let id = APISecrets.random(bytes: 32)
        let session = Session(username: username, csrfToken: APISecrets.random(bytes: 24),
                              expiresAt: now.addingTimeInterval(Self.lifetime))
        sessions[APISecrets.sha256Hex(id)] = session
        return (id, session)
    }

    /// The live session with this id, or nil.
    func session(id: String, now: Date) -> Session? {
        let key = APISecrets.sha256Hex(id)
        guard let session = sessions[key] else { return nil }
        guard session.expiresAt > now else {
            sessions[key] = nil
            return nil
        }
        return session
    }

    /// Ends the session with this id.
    func close(id: String) {
        sessions[APISecrets.sha256Hex(id)] = nil
    }

    private func sweep(now: Date) {
        sessions = sessions.filter { $0.value.expiresAt > now }
    }
}
