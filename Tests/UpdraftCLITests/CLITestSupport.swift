import Foundation
import Synchronization
@testable import UpdraftBenchCLI
@testable import UpdraftCLI

/// Captures what a command writes to stdout and stderr.
final class CapturedIO: Sendable {
    private let lines = Mutex<(out: [String], err: [String])>(([], []))

    /// The IO to pass to a command.
    var io: CommandIO {
        CommandIO(out: { line in self.lines.withLock { $0.out.append(line) } },
                  err: { line in self.lines.withLock { $0.err.append(line) } })
    }

    /// Standard output, joined with newlines.
    var out: String { lines.withLock { $0.out.joined(separator: "\n") } }
    /// Standard error, joined with newlines.
    var err: String { lines.withLock { $0.err.joined(separator: "\n") } }
}

/// Paths and temporary folders for the CLI tests.
enum CLIPaths {
    /// The repository root (two levels above this file's folder).
    static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// The examples folder.
    static let examples = root + "/examples"
    /// Broken (and one good) DAG files for the validate tests.
    static let broken = root + "/Tests/UpdraftCLITests/Fixtures/broken"

    /// A fresh empty temporary folder.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Parses `args` (after `updraft`, the executable's tree: bench included) into the command type `C`.
func parse<C>(_ args: [String], as: C.Type = C.self) throws -> C {
    let parsed = try UpdraftToolCommand.parseAsRoot(args)
    guard let command = parsed as? C else {
        throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "parsed \(type(of: parsed))"])
    }
    return command
}
