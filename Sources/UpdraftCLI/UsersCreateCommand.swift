import ArgumentParser
import Foundation
import UpdraftServer
import UpdraftStore

extension APIRole: ExpressibleByArgument {}

/// `updraft users create --username U --role R [--password-file F]`: the password from the
/// file or standard input (its first line), stored as a bcrypt hash.
struct UsersCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a user of the HTTP API.",
        discussion: """
            The password is the first line of --password-file, or of standard input \
            (printf '%s\\n' "$PW" | updraft users create --username ann --role operator).
            """)

    @Option(help: "Login name: letters, digits, '.', '_', '-', '@' (64 at most).")
    var username: String

    @Option(help: ArgumentHelp("viewer, operator or admin.", valueName: "role"))
    var role: APIRole

    @Option(name: .customLong("password-file"), help: ArgumentHelp("Read the password from this file.", valueName: "file"))
    var passwordFile: String?

    @Option(help: .hidden)
    var bcryptCost: UInt8 = APIPasswords.defaultCost

    @OptionGroup var options: HomeOptions

    func validate() throws {
        if let problem = APIUsernames.problem(with: username) { throw ValidationError(problem) }
        guard (4...31).contains(bcryptCost) else { throw ValidationError("--bcrypt-cost must be 4 to 31") }
    }

    func run() async throws {
        try exitUnlessZero(await execute(io: .standard))
    }

    /// Creates the user; returns the exit code.
    func execute(io: CommandIO, stdin: () -> Data? = { FileHandle.standardInput.readDataToEndOfFile() }) async throws -> Int32 {
        let data: Data?
        if let passwordFile {
            data = FileManager.default.contents(atPath: passwordFile)
            if data == nil {
                io.err("error: cannot read the password file '\(passwordFile)'")
                return 1
            }
        } else {
            data = stdin()
        }
        let text = data.flatMap { String(data: $0, encoding: .utf8) } ?? ""
        let password = String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        if let problem = APIPasswords.problem(with: password) {
            io.err("error: \(problem) (give it on standard input or with --password-file)")
            return 1
        }
        return try await StoreAccess.run(options, io: io) { store in
            let hash = try await APIPasswords.hash(password, cost: bcryptCost)
            let record = APIUserRecord(username: username, role: role, passwordHash: hash, createdAt: Date())
            guard try await store.createAPIUser(record) else {
                io.err("error: user '\(username)' already exists (updraft users delete --username \(username) first)")
                return 1
            }
            io.out(options.json
                ? try JSONOutput.encode(UserRow(username: username, role: role.rawValue,
                                                createdAt: StoreAccess.format(record.createdAt), tokens: 0))
                : "created user '\(username)' with role \(role.rawValue)")
            return 0
        }
    }
}
