import Foundation
import UpdraftServer
import UpdraftStore

/// Users and tokens for the authentication tests: `vera` (viewer), `otto` (operator),
/// `ada` (admin), each with password `"\(name)-pw"` hashed at bcrypt's lowest cost (4) to keep
/// the tests quick, and one API token each.
struct AuthSeed: Sendable {
    var tokens: [String: String] = [:]

    static let users: [(String, APIRole)] = [("vera", .viewer), ("otto", .operator), ("ada", .admin)]

    static func password(_ name: String) -> String { "\(name)-pw" }

    /// Creates the users and one token each (expiring a day after the fixture's clock).
    static func seed(_ store: SQLiteStore) async throws -> AuthSeed {
        var seed = AuthSeed()
        for (name, role) in users {
            let hash = try await APIPasswords.hash(password(name), cost: 4)
            _ = try await store.createAPIUser(APIUserRecord(username: name, role: role, passwordHash: hash, createdAt: APIFixture.now))
            seed.tokens[name] = try await token(for: name, store, expiresAt: APIFixture.now.addingTimeInterval(86_400)).text
        }
        return seed
    }

    /// A new token of `name`.
    static func token(for name: String, _ store: SQLiteStore, expiresAt: Date?) async throws -> (text: String, id: String) {
        let text = APISecrets.newToken()
        let id = APISecrets.newTokenId()
        try await store.createAPIToken(APITokenRecord(tokenId: id, username: name, tokenHash: APISecrets.sha256Hex(text),
                                                      createdAt: APIFixture.now, expiresAt: expiresAt))
        return (text, id)
    }
}

extension HTTPClient {
    /// This client sending `Authorization: Bearer token`.
    func bearer(_ token: String) -> HTTPClient { with(["Authorization": "Bearer \(token)"]) }

    /// Logs in; returns a client that sends the session cookie, and the CSRF token.
    func login(_ name: String, password: String? = nil) async throws -> (client: HTTPClient, csrf: String, answer: HTTPAnswer) {
        let answer = try await post("/auth/login", #"{"username": "\#(name)", "password": "\#(password ?? AuthSeed.password(name))"}"#)
        let cookie = (answer.headers["set-cookie"] ?? "")
        let session = cookie.components(separatedBy: "updraft_session=").dropFirst().first?.prefix { $0 != ";" } ?? ""
        return (with(["Cookie": "updraft_session=\(session)"]), answer.object["csrf_token"] as? String ?? "", answer)
    }
}
