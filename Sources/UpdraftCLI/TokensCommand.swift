import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft tokens ...`: API tokens (`Authorization: Bearer TOKEN`), stored as SHA-256 only.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke API tokens of HTTP API users.",
        subcommands: [TokensCreateCommand.self, TokensListCommand.self, TokensRevokeCommand.self]
    )
}

/// A token as the tokens commands print it in JSON (the secret only from `create`).
struct TokenRow: Codable, Equatable {
    var tokenId: String
    var username: String
    var createdAt: String
    var expiresAt: String
    var token: String?
    enum CodingKeys: String, CodingKey {
        case tokenId = "token_id", username, createdAt = "created_at", expiresAt = "expires_at", token
    }
}
