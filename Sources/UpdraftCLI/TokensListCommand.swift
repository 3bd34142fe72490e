import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft tokens list [--username U]`: ids, users, expiry (never the secrets).
struct TokensListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List API tokens (not their secrets).")

    @Option(help: "Only this user's tokens.")
    var username: String?

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let rows = try await store.apiTokens().filter { username == nil || $0.username == username }.map {
                TokenRow(tokenId: $0.tokenId, username: $0.username, createdAt: StoreAccess.format($0.createdAt),
                         expiresAt: $0.expiresAt.map { StoreAccess.format($0) } ?? "never", token: nil)
            }
            if options.json {
                io.out(try JSONOutput.encode(rows))
            } else if rows.isEmpty {
                io.out("no tokens")
            } else {
                TextTable.lines([["token_id", "username", "created_at", "expires_at"]]
                    + rows.map { [$0.tokenId, $0.username, $0.createdAt, $0.expiresAt] }).forEach(io.out)
            }
            return 0
        }
    }
}
