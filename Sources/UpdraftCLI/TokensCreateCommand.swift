import ArgumentParser
import Foundation
import UpdraftServer
import UpdraftStore

/// `updraft tokens create --username U [--expires 30d]`: prints the token once; the store
/// keeps its SHA-256.
struct TokensCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token for a user (shown once).",
        discussion: "Send it as `Authorization: Bearer TOKEN`. It has the user's role; `tokens revoke` ends it.")

    @Option(help: "The user the token acts as.")
    var username: String

    @Option(help: ArgumentHelp("Lifetime: 30d, 12h, 90m, 2w... or never.", valueName: "lifetime"))
    var expires = "30d"

    @OptionGroup var options: HomeOptions

    func validate() throws {
        do { _ = try TokenLifetime.parse(expires) } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Creates the token; exit 1 for an unknown user.
    func execute(io: CommandIO, now: Date = Date()) async throws -> Int32 {
        let lifetime = try TokenLifetime.parse(expires)
        return try await StoreAccess.run(options, io: io) { store in
            guard try await store.apiUser(username) != nil else {
                io.err("error: no user '\(username)' (updraft users create --username \(username) --role ROLE)")
                return 1
            }
            let token = APISecrets.newToken()
            let record = APITokenRecord(tokenId: APISecrets.newTokenId(), username: username,
                                        tokenHash: APISecrets.sha256Hex(token), createdAt: now,
                                        expiresAt: lifetime.map { now.addingTimeInterval($0) })
            try await store.createAPIToken(record)
            if options.json {
                io.out(try JSONOutput.encode(TokenRow(tokenId: record.tokenId, username: username,
                                                      createdAt: StoreAccess.format(now),
                                                      expiresAt: record.expiresAt.map { StoreAccess.format($0) } ?? "never",
                                                      token: token)))
            } else {
                io.out(token)
                io.err("token \(record.tokenId) for '\(username)', expires \(record.expiresAt.map { StoreAccess.format($0) } ?? "never"); "
                    + "it is shown only now (the store keeps its hash)")
            }
            return 0
        }
    }
}
