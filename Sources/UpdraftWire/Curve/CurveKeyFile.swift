#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Updraft's CURVE key files: one Z85 key per file, on one line (lines starting with `#`
/// are comments).
///
/// - `NAME.key`: the **secret** key, mode 0600 (its public key is derived from it);
/// - `NAME.pub`: the public key, mode 0644: what peers and allow-lists are given.
///
/// `updraft keys generate --out DIR` writes such a pair; the scheduler keeps its own in
/// `HOME/curve/`.
public enum CurveKeyFile {
    /// Reads a public key file.
    /// - Throws: ``CurveKeyError`` naming the file: missing, unreadable, not one Z85 key.
    public static func readPublicKey(at path: String) throws(CurveKeyError) -> CurveKey {
        try readKey(at: path, what: "public key file")
    }

    /// Reads a secret key file and rebuilds the pair. A secret key readable by others than
    /// its owner is refused (the message says `chmod 600`).
    /// - Throws: ``CurveKeyError`` naming the file.
    public static func readKeyPair(at path: String) throws(CurveKeyError) -> CurveKeyPair {
        var info = stat()
        if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
            throw CurveKeyError(
                "secret key file \(path) is readable by other users (mode \(String(info.st_mode & 0o777, radix: 8))): run chmod 600 \(path)")
        }
        let secret = try readKey(at: path, what: "secret key file")
        do {
            return try CurveKeyPair(secretKey: secret)
        } catch {
            throw CurveKeyError("secret key file \(path): \(error.message)")
        }
    }

    /// Writes `pair` as `directory/name.key` (0600) and `directory/name.pub` (0644),
    /// creating `directory` (0700) if needed. Refuses to replace existing files unless `overwrite`.
    /// - Returns: the paths of the secret and public files.
    /// - Throws: ``CurveKeyError`` naming the file that could not be written.
    @discardableResult
    public static func write(
        _ pair: CurveKeyPair, directory: String, name: String, overwrite: Bool = false
    ) throws(CurveKeyError) -> (secret: String, public: String) {
        let secretPath = directory + "/" + name + ".key"
        let publicPath = directory + "/" + name + ".pub"
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDir) {
            guard isDir.boolValue else { throw CurveKeyError("\(directory) is not a folder") }
        } else {
            do {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw CurveKeyError("cannot create key folder \(directory): \(error.localizedDescription)")
            }
        }
        if !overwrite {
            for path in [secretPath, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw CurveKeyError("\(path) already exists; not replacing a key (remove it first, or pick another --name)")
            }
        }
        try writeFile(secretPath, "# CURVE secret key (Z85). Keep it private: mode 0600.\n\(pair.secretKey.z85)\n", mode: 0o600)
        try writePublicKey(pair.publicKey, to: publicPath)
        return (secretPath, publicPath)
    }

    /// The pair in `directory/name.key`, made (with its `.pub`) when missing. Safe when
    /// several processes do it at once: the secret file is written aside and linked into
    /// place, so the first one wins and the others read its key.
    /// - Throws: ``CurveKeyError`` naming the file that cannot be read or written.
    public static func readOrCreate(directory: String, name: String) throws(CurveKeyError) -> CurveKeyPair {
        let secretPath = directory + "/" + name + ".key"
        if !FileManager.default.fileExists(atPath: secretPath) {
            let aside = ".\(name).\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
            let fresh = try CurveKeyPair.generate()
            let written = try write(fresh, directory: directory, name: aside, overwrite: true)
            defer { unlink(written.secret); unlink(written.public) }
            if link(written.secret, secretPath) != 0 && errno != EEXIST {
                throw CurveKeyError("cannot write \(secretPath): \(String(cString: strerror(errno)))")
            }
        }
        let pair = try readKeyPair(at: secretPath)
        let publicPath = directory + "/" + name + ".pub"
        if (try? readPublicKey(at: publicPath)) != pair.publicKey {
            let aside = publicPath + ".\(getpid())"
            try writePublicKey(pair.publicKey, to: aside)
            guard rename(aside, publicPath) == 0 else {
                throw CurveKeyError("cannot write \(publicPath): \(String(cString: strerror(errno)))")
            }
        }
        return pair
    }

    /// Writes `key` alone as a public key file (0644), replacing what is there.
    /// - Throws: ``CurveKeyError`` naming the file.
    public static func writePublicKey(_ key: CurveKey, to path: String) throws(CurveKeyError) {
        try writeFile(path, "# CURVE public key (Z85).\n\(key.z85)\n", mode: 0o644)
    }

    static func readKey(at path: String, what: String) throws(CurveKeyError) -> CurveKey {
        guard FileManager.default.fileExists(atPath: path) else { throw CurveKeyError("\(what) \(path): no such file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CurveKeyError("\(what) \(path): cannot be read (permissions?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CurveKeyError("\(what) \(path): not text (expected one 40-character Z85 key)")
        }
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard lines.count == 1 else {
            throw CurveKeyError("\(what) \(path): expected one 40-character Z85 key, found \(lines.count) non-comment lines")
        }
        do {
            return try CurveKey(z85: lines[0])
        } catch {
            throw CurveKeyError("\(what) \(path): \(error.message)")
        }
    }

    static func writeFile(_ path: String, _ text: String, mode: mode_t) throws(CurveKeyError) {
        // Created with the final mode (O_EXCL unless replacing), so a secret is never readable by others.
        _ = unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw CurveKeyError("cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        _ = fchmod(fd, mode)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw CurveKeyError("cannot write \(path): \(String(cString: strerror(errno)))") }
    }
}
