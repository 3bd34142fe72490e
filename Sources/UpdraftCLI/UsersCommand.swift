import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft users ...`: the users of the HTTP API (roles viewer, operator, admin).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Create, list and delete users of the HTTP API.",
        discussion: """
            Roles: viewer reads everything; operator also triggers, clears, marks and pauses; admin \
            also changes pools and variables. Passwords are stored as bcrypt hashes only.
            """,
        subcommands: [UsersCreateCommand.self, UsersListCommand.self, UsersDeleteCommand.self]
    )
}

/// A user as the users commands print it in JSON.
struct UserRow: Codable, Equatable {
    var username: String
    var role: String
    var createdAt: String
    var tokens: Int
    enum CodingKeys: String, CodingKey { case username, role, createdAt = "created_at", tokens }
}
