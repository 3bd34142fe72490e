import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft tokens revoke TOKEN_ID`: the token stops working at once.
struct TokensRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke an API token by its id.")

    @Argument(help: "The token's id (tok_..., from tokens list).")
    var tokenId: String

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            guard try await store.deleteAPIToken(id: tokenId) else {
                io.err("error: no token '\(tokenId)' (updraft tokens list)")
                return 1
            }
            io.out("revoked token \(tokenId)")
            return 0
        }
    }
}
