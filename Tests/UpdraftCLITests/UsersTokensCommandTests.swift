import Foundation
import Testing
import UpdraftServer
import UpdraftStore
@testable import UpdraftCLI

@Suite("updraft users and updraft tokens")
struct UsersTokensCommandTests {
    func run<C: AsyncParsableCommandWithIO>(_ args: [String], as type: C.Type, stdin: String? = nil) async throws -> (Int32, CapturedIO) {
        let command: C = try parse(args)
        let captured = CapturedIO()
        let status = try await command.execute(captured.io, stdin: stdin)
        return (status, captured)
    }

    func store(_ home: String) throws -> SQLiteStore {
        try SQLiteStore(path: UpdraftHome(root: URL(fileURLWithPath: home)).databasePath)
    }

    @Test("create (password from stdin and from a file, bcrypt-hashed), list, tokens create/list/revoke, delete revokes tokens")
    func lifecycle() async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        var (status, io) = try await run(["users", "create", "--username", "ann", "--role", "operator", "--bcrypt-cost", "4",
                                          "--home", home], as: UsersCreateCommand.self, stdin: "s3cret pw\n")
        #expect(status == 0 && io.out == "created user 'ann' with role operator", "\(io.err)")
        let file = home + "/pw.txt"
        try "admin-pw\n".write(toFile: file, atomically: true, encoding: .utf8)
        (status, io) = try await run(["users", "create", "--username", "bo", "--role", "admin", "--password-file", file,
                                      "--bcrypt-cost", "4", "--home", home], as: UsersCreateCommand.self)
        #expect(status == 0, "\(io.err)")
        let ann = try #require(try await store(home).apiUser("ann"))
        #expect(ann.passwordHash.hasPrefix("$2b$04$") && !ann.passwordHash.contains("s3cret"))
        #expect(try await APIPasswords.verify("s3cret pw", hash: ann.passwordHash))
        #expect(try await APIPasswords.verify("admin-pw", hash: try #require(try await store(home).apiUser("bo")).passwordHash))
        (status, io) = try await run(["users", "create", "--username", "ann", "--role", "viewer", "--bcrypt-cost", "4",
                                      "--home", home], as: UsersCreateCommand.self, stdin: "x\n")
        #expect(status == 1 && io.err.contains("user 'ann' already exists"))

        (status, io) = try await run(["tokens", "create", "--username", "ann", "--expires", "30d", "--json", "--home", home],
                                     as: TokensCreateCommand.self)
        #expect(status == 0, "\(io.err)")
        let row = try JSONDecoder().decode(TokenRow.self, from: Data(io.out.utf8))
        let token = try #require(row.token)
        #expect(token.hasPrefix("updraft_") && token.count == 51)
        let stored = try await store(home).apiTokens()
        #expect(stored.count == 1 && stored[0].tokenHash == APISecrets.sha256Hex(token) && stored[0].tokenId == row.tokenId)
        #expect(abs((stored[0].expiresAt ?? .distantPast).timeIntervalSince(stored[0].createdAt) - 30 * 86_400) < 1)
        (status, io) = try await run(["tokens", "list", "--home", home], as: TokensListCommand.self)
        #expect(io.out.contains(row.tokenId) && !io.out.contains(token))
        (status, io) = try await run(["users", "list", "--json", "--home", home], as: UsersListCommand.self)
        let users = try JSONDecoder().decode([UserRow].self, from: Data(io.out.utf8))
        #expect(users.map(\.username) == ["ann", "bo"] && users.map(\.role) == ["operator", "admin"] && users[0].tokens == 1)

        (status, io) = try await run(["tokens", "revoke", row.tokenId, "--home", home], as: TokensRevokeCommand.self)
        #expect(status == 0 && io.out == "revoked token \(row.tokenId)")
        (status, io) = try await run(["tokens", "revoke", row.tokenId, "--home", home], as: TokensRevokeCommand.self)
        #expect(status == 1 && io.err.contains("no token"))
        (status, io) = try await run(["tokens", "create", "--username", "ann", "--expires", "never", "--home", home],
                                     as: TokensCreateCommand.self)
        #expect(status == 0 && io.out.hasPrefix("updraft_") && io.err.contains("expires never"))
        (status, io) = try await run(["users", "delete", "--username", "ann", "--home", home], as: UsersDeleteCommand.self)
        #expect(status == 0)
        #expect(try await store(home).apiTokens().isEmpty)
        (status, io) = try await run(["users", "delete", "--username", "ann", "--home", home], as: UsersDeleteCommand.self)
        #expect(status == 1 && io.err.contains("no user 'ann'"))
        (status, io) = try await run(["tokens", "create", "--username", "ann", "--home", home], as: TokensCreateCommand.self)
        #expect(status == 1 && io.err.contains("no user 'ann'"))
    }

    @Test("bad flags are refused naming what is wrong", arguments: [
        (["users", "create", "--username", "bad name", "--role", "viewer"], "may hold only ASCII letters"),
        (["users", "create", "--username", "", "--role", "viewer"], "the username must not be empty"),
        (["users", "create", "--username", "ann", "--role", "root"], "root"),
        (["users", "create", "--username", "ann"], "--role"),
        (["tokens", "create", "--username", "ann", "--expires", "30x"], "--expires '30x' is not a lifetime"),
        (["tokens", "create", "--username", "ann", "--expires=-1d"], "is not a lifetime"),
        (["tokens", "create", "--username", "ann", "--expires", "0d"], "is not a lifetime"),
    ])
    func badFlags(args: [String], message: String) throws {
        do {
            _ = try UpdraftCommand.parseAsRoot(args)
            Issue.record("\(args) parsed")
        } catch {
            #expect(UpdraftCommand.message(for: error).contains(message), "\(UpdraftCommand.message(for: error))")
        }
    }

    @Test("an empty, missing or over-long password is refused and no user is made", arguments: [
        ("\n", "the password must not be empty"), ("", "the password must not be empty"),
        (String(repeating: "x", count: 73) + "\n", "over 72 bytes"),
    ])
    func badPassword(stdin: String, message: String) async throws {
        let home = try CLIPaths.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let (status, io) = try await run(["users", "create", "--username", "ann", "--role", "viewer", "--home", home],
                                         as: UsersCreateCommand.self, stdin: stdin)
        #expect(status == 1 && io.err.contains(message), "\(io.err)")
        let (_, missing) = try await run(["users", "create", "--username", "ann", "--role", "viewer", "--password-file",
                                          home + "/none", "--home", home], as: UsersCreateCommand.self)
        #expect(missing.err.contains("cannot read the password file"))
        #expect(try await store(home).apiUsers().isEmpty)
    }
}

extension UsersCreateCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io, stdin: { stdin.map { Data($0.utf8) } }) }
}
extension UsersListCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
extension UsersDeleteCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
extension TokensCreateCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
extension TokensListCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
extension TokensRevokeCommand: AsyncParsableCommandWithIO {
    func execute(_ io: CommandIO, stdin: String?) async throws -> Int32 { try await execute(io: io) }
}
