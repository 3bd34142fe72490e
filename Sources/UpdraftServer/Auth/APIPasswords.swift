import Foundation
import HummingbirdBcrypt

/// bcrypt hashes of API users' passwords, computed off the cooperative pool (a hash at
/// cost 12 takes a quarter of a second of CPU).
public enum APIPasswords {
    /// The bcrypt cost of new hashes.
    public static let defaultCost: UInt8 = 12

    /// The longest password accepted: bcrypt reads only the first 72 bytes.
    public static let maxBytes = 72

    /// Why `password` cannot be a password, or nil when it can.
    public static func problem(with password: String) -> String? {
        if password.isEmpty { return "the password must not be empty" }
        if password.utf8.count > maxBytes { return "the password is over \(maxBytes) bytes (bcrypt's limit)" }
        if password.contains("\0") { return "the password must not contain NUL characters" }
        return nil
    }

    /// The bcrypt hash of `password` (`$2b$12$...`).
    public static func hash(_ password: String, cost: UInt8 = defaultCost) async throws -> String {
        try await OffPool.run { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    public static func verify(_ password: String, hash: String) async throws -> Bool {
        try await OffPool.run { Bcrypt.verify(password, hash: hash) }
    }
}
