import Foundation

/// What a user of the HTTP API may do. Each role includes the ones below it.
public enum APIRole: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Reads everything (DAGs, runs, task instances, logs, XComs, pools, variables, events).
    case viewer
    /// A viewer that also triggers, clears, marks, deletes runs and pauses DAGs.
    case `operator`
    /// An operator that also changes pools, variables and users.
    case admin

    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    /// `viewer < operator < admin`.
    public static func < (lhs: APIRole, rhs: APIRole) -> Bool { lhs.rank < rhs.rank }
}

/// A user of the HTTP API as the store keeps it: the password only as a bcrypt hash.
public struct APIUserRecord: Sendable, Hashable {
    /// The login name.
    public var username: String
    /// What the user may do.
    public var role: APIRole
    /// The bcrypt hash of the password (`$2b$...`).
    public var passwordHash: String
    /// When the user was created.
    public var createdAt: Date

    /// A record.
    public init(username: String, role: APIRole, passwordHash: String, createdAt: Date) {
        self.username = username
        self.role = role
        self.passwordHash = passwordHash
        self.createdAt = createdAt
    }
}

/// An API token as the store keeps it: only the SHA-256 of the secret, never the secret.
public struct APITokenRecord: Sendable, Hashable {
    /// A short public id (`tok_` and 8 hex digits) that names the token in lists and revocation.
    public var tokenId: String
    /// The user the token acts as (it has the user's role; deleting the user revokes it).
    public var username: String
    /// Lowercase hex SHA-256 of the token's text.
    public var tokenHash: String
    /// When it was made.
    public var createdAt: Date
    /// When it stops working; nil: never.
    public var expiresAt: Date?

    /// A record.
    public init(tokenId: String, username: String, tokenHash: String, createdAt: Date, expiresAt: Date?) {
        self.tokenId = tokenId
        self.username = username
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
