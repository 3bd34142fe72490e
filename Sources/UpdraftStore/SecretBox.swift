import Crypto
import Foundation
import UpdraftCore

/// Seals and opens secrets (connection passwords and extras) with ChaCha20-Poly1305 and the
/// home's key file, so a store copied without that file reveals nothing.
///
/// The key file holds 32 random bytes, base64, mode 0600; ``SecretBox/forWriting(keyPath:)``
/// creates it on first use. A sealed value is `0x01`, the key's 4-byte id (from SHA-256),
/// then ChaChaPoly's nonce, ciphertext and tag: a value sealed with another key is told
/// apart from a damaged one, and nothing is ever opened with the wrong key.
public struct SecretBox: Sendable {
    /// Where the key lives.
    public let keyPath: String
    private let key: SymmetricKey
    private let keyID: [UInt8]

    private static let version: UInt8 = 1

    /// The box for reading: the key file must exist (there is nothing to open otherwise).
    public static func forReading(keyPath: String) throws(ConnectionError) -> SecretBox {
        guard FileManager.default.fileExists(atPath: keyPath) else {
            throw ConnectionError(.badKeyFile, "the key file is missing: the stored connection secrets cannot be read without it",
                                  context: keyPath)
        }
        return try load(keyPath)
    }

    /// The box for writing: reads the key file, creating it (0600) when there is none.
    public static func forWriting(keyPath: String) throws(ConnectionError) -> SecretBox {
        if !FileManager.default.fileExists(atPath: keyPath) { try create(keyPath) }
        return try load(keyPath)
    }

    /// `plain` sealed.
    public func seal(_ plain: String) throws(ConnectionError) -> Data {
        do {
            let box = try ChaChaPoly.seal(Data(plain.utf8), using: key)
            return Data([Self.version] + keyID) + box.combined
        } catch {
            throw ConnectionError(.cannotDecrypt, "cannot seal a secret: \(error)", context: keyPath)
        }
    }

    /// The text `sealed` holds; `what` names it in errors ("connection my_db's password").
    public func open(_ sealed: Data, what: String) throws(ConnectionError) -> String {
        let bytes = [UInt8](sealed)
        guard bytes.count > 5, bytes[0] == Self.version else {
            throw ConnectionError(.cannotDecrypt, "\(what) is not a sealed value this version reads", context: keyPath)
        }
        guard Array(bytes[1..<5]) == keyID else {
            throw ConnectionError(.cannotDecrypt, "\(what) was sealed with another key than \(keyPath)", context: keyPath)
        }
        do {
            let box = try ChaChaPoly.SealedBox(combined: Data(bytes[5...]))
            let plain = try ChaChaPoly.open(box, using: key)
            guard let text = String(data: plain, encoding: .utf8) else {
                throw ConnectionError(.cannotDecrypt, "\(what) is not text once opened", context: keyPath)
            }
            return text
        } catch let error as ConnectionError {
            throw error
        } catch {
            throw ConnectionError(.cannotDecrypt, "\(what) is damaged: it does not open with its key", context: keyPath)
        }
    }

    private init(keyPath: String, key: SymmetricKey) {
        self.keyPath = keyPath
        self.key = key
        let digest = SHA256.hash(data: key.withUnsafeBytes { Data($0) })
        keyID = Array(digest.prefix(4))
    }

    private static func load(_ keyPath: String) throws(ConnectionError) -> SecretBox {
        guard let text = try? String(contentsOfFile: keyPath, encoding: .utf8) else {
            throw ConnectionError(.badKeyFile, "cannot read the key file", context: keyPath)
        }
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes.count == 32 else {
            throw ConnectionError(.badKeyFile, "not a key file: expected 32 bytes in base64", context: keyPath)
        }
        return SecretBox(keyPath: keyPath, key: SymmetricKey(data: bytes))
    }

    /// Writes a new key with O_EXCL (another process creating it at once wins; its key is
    /// read), mode 0600.
    private static func create(_ keyPath: String) throws(ConnectionError) {
        let folder = URL(fileURLWithPath: keyPath).deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let text = key.base64EncodedString() + "\n"
        let fd = Foundation.open(keyPath, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { return }
            throw ConnectionError(.badKeyFile, "cannot create the key file: \(String(cString: strerror(errno)))", context: keyPath)
        }
        defer { close(fd) }
        let written = text.withCString { write(fd, $0, strlen($0)) }
        guard written == text.utf8.count, fsync(fd) == 0 else {
            throw ConnectionError(.badKeyFile, "cannot write the key file: \(String(cString: strerror(errno)))", context: keyPath)
        }
    }
}
