import ArgumentParser
import Foundation
import UpdraftStore

/// `updraft users list`.
struct UsersListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users of the HTTP API.")

    @OptionGroup var options: HomeOptions

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Lists users with their role and token count; returns the exit code.
    func execute(io: CommandIO) async throws -> Int32 {
        try await StoreAccess.run(options, io: io) { store in
            let tokens = try await store.apiTokens()
            let rows = try await store.apiUsers().map { user in
                UserRow(username: user.username, role: user.role.rawValue, createdAt: StoreAccess.format(user.createdAt),
                        tokens: tokens.filter { $0.username == user.username }.count)
            }
            if options.json {
                io.out(try JSONOutput.encode(rows))
            } else if rows.isEmpty {
                io.out("no users (updraft users create --username U --role viewer|operator|admin)")
            } else {
                TextTable.lines([["username", "role", "created_at", "tokens"]]
                    + rows.map { [$0.username, $0.role, $0.createdAt, String($0.tokens)] }).forEach(io.out)
            }
            return 0
        }
    }
}
