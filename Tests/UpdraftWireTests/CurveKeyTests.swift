#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import UpdraftWire

/// CURVE keys and key files: generation, Z85 checks, file modes, and the errors for bad files.
@Suite("CURVE keys and key files")
struct CurveKeyTests {
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "curve-keys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("libzmq here has CURVE; a generated pair's public key is derived again from its secret key")
    func generateAndDerive() throws {
        #expect(CurveSupport.isAvailable)
        let pair = try CurveKeyPair.generate()
        #expect(pair.publicKey.z85.count == 40 && pair.secretKey.z85.count == 40)
        #expect(pair.publicKey != pair.secretKey)
        #expect(try CurveKeyPair(secretKey: pair.secretKey) == pair)
        #expect(try CurveKey(bytes: pair.publicKey.bytes) == pair.publicKey)
        #expect(try CurveKeyPair.generate() != pair)
    }

    @Test("malformed keys are refused with the reason", arguments: [
        ("short", "40 characters of Z85, got 5"),
        (String(repeating: "a", count: 39) + "~", "characters Z85 does not use"),
        (String(repeating: "a", count: 41), "got 41"),
    ])
    func malformed(text: String, expected: String) {
        let error = #expect(throws: CurveKeyError.self) { try CurveKey(z85: text) }
        #expect(error?.message.contains(expected) == true, "\(error?.message ?? "")")
    }

    @Test("written files: secret 0600, public 0644; read back as the same pair; no overwrite")
    func writeAndRead() throws {
        let dir = try Self.folder() + "/keys"
        let pair = try CurveKeyPair.generate()
        let paths = try CurveKeyFile.write(pair, directory: dir, name: "w1")
        var info = stat()
        #expect(stat(paths.secret, &info) == 0 && info.st_mode & 0o777 == 0o600)
        #expect(stat(paths.public, &info) == 0 && info.st_mode & 0o777 == 0o644)
        #expect(stat(dir, &info) == 0 && info.st_mode & 0o777 == 0o700)
        #expect(try CurveKeyFile.readKeyPair(at: paths.secret) == pair)
        #expect(try CurveKeyFile.readPublicKey(at: paths.public) == pair.publicKey)
        let again = #expect(throws: CurveKeyError.self) { try CurveKeyFile.write(pair, directory: dir, name: "w1") }
        #expect(again?.message.contains("\(dir)/w1.key already exists") == true)
    }

    @Test("a missing, malformed or world-readable key file is an error naming the file")
    func badFiles() throws {
        let dir = try Self.folder()
        let missing = #expect(throws: CurveKeyError.self) { try CurveKeyFile.readPublicKey(at: dir + "/nope.pub") }
        #expect(missing?.message == "public key file \(dir)/nope.pub: no such file")

        try "not a key\n".write(toFile: dir + "/bad.pub", atomically: true, encoding: .utf8)
        let bad = #expect(throws: CurveKeyError.self) { try CurveKeyFile.readPublicKey(at: dir + "/bad.pub") }
        #expect(bad?.message == "public key file \(dir)/bad.pub: a CURVE key is 40 characters of Z85, got 9")

        try "# comment only\n\n".write(toFile: dir + "/empty.pub", atomically: true, encoding: .utf8)
        let empty = #expect(throws: CurveKeyError.self) { try CurveKeyFile.readPublicKey(at: dir + "/empty.pub") }
        #expect(empty?.message.contains("found 0 non-comment lines") == true)

        let pair = try CurveKeyPair.generate()
        let paths = try CurveKeyFile.write(pair, directory: dir, name: "open")
        chmod(paths.secret, 0o644)
        let open = #expect(throws: CurveKeyError.self) { try CurveKeyFile.readKeyPair(at: paths.secret) }
        #expect(open?.message.contains("readable by other users (mode 644): run chmod 600 \(paths.secret)") == true)
    }
}
