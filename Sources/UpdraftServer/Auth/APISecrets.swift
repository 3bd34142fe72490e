import Crypto
import Foundation

/// Random secrets (API tokens, session ids, CSRF tokens) and their hashes.
///
/// A token is `updraft_` and 43 URL-safe base64 characters (32 random bytes from the
/// system's CSPRNG); the store keeps only its SHA-256 in lowercase hex.
public enum APISecrets {
    /// The prefix of every API token (so that a leaked one is easy to grep for).
    public static let tokenPrefix = "updraft_"

    /// `count` random bytes as URL-safe base64 without padding.
    public static func random(bytes count: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A new API token's text.
    public static func newToken() -> String { tokenPrefix + random(bytes: 32) }

    /// A new public token id: `tok_` and 8 hex digits.
    public static func newTokenId() -> String {
        "tok_" + String(format: "%08x", UInt32.random(in: .min ... .max))
    }

    /// Lowercase hex SHA-256 of `text`.
    public static func sha256Hex(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `a` and `b` are equal, in time that does not depend on where they differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }
}
