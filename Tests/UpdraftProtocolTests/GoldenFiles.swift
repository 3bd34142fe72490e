import Foundation
import UpdraftProtocol

/// Reads (and, with UPDRAFT_REGENERATE_GOLDEN=1, writes) the golden vectors in
/// `Protocols/golden/`: `<name>.bin` (body), `<name>.frame` (header + body), `<name>.json`.
enum GoldenFiles {
    /// `Protocols/golden/`, found from this file's path (Tests/UpdraftProtocolTests/...).
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // UpdraftProtocolTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repo root
        .appendingPathComponent("Protocols/golden", isDirectory: true)

    /// True when the environment asks the golden tests to rewrite the files first.
    static var regenerate: Bool {
        ProcessInfo.processInfo.environment["UPDRAFT_REGENERATE_GOLDEN"] == "1"
    }

    static func url(_ kind: MessageKind, _ ext: String) -> URL {
        directory.appendingPathComponent("\(kind.name).\(ext)")
    }

    static func bytes(_ kind: MessageKind, _ ext: String) throws -> [UInt8] {
        Array(try Data(contentsOf: url(kind, ext)))
    }

    static func text(_ kind: MessageKind, _ ext: String) throws -> String {
        try String(contentsOf: url(kind, ext), encoding: .utf8)
    }

    /// Writes the three files of `kind` from its sample message.
    static func write(_ kind: MessageKind) throws {
        let codec = UpdraftCodec()
        let message = MessageSamples.sample(kind)
        let frames = try codec.encodeFrames(message)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(frames[1]).write(to: url(kind, "bin"))
        try Data(frames[0] + frames[1]).write(to: url(kind, "frame"))
        try Data((try prettyJSON(message.jsonString()) + "\n").utf8).write(to: url(kind, "json"))
    }

    /// Re-indents compact protobuf JSON for people to read (keys sorted, 2-space indent).
    static func prettyJSON(_ compact: String) throws -> String {
        let object = try JSONSerialization.jsonObject(with: Data(compact.utf8))
        let data = try JSONSerialization.data(
            withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
