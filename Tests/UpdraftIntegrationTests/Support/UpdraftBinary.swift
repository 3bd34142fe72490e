import Foundation

/// Where the real `updraft` executable is: `$UPDRAFT_BINARY`, else next to the test
/// bundle (the build folder: `swift build --build-tests` builds both), else
/// `<repo>/.build/debug/updraft`.
enum UpdraftBinary {
    /// The repository root (three levels above this file's folder).
    static let repositoryRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The executable's path; fails the test run with a clear message when absent.
    static let path: String = {
        let fm = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["UPDRAFT_BINARY"], fm.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var candidates: [String] = []
        // The test runner lives in the build folder (…/debug/UpdraftPackageTests.xctest).
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("updraft").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(repositoryRoot + "/.build/debug/updraft")
        return candidates.first { fm.isExecutableFile(atPath: $0) && !isDirectory($0) }
            ?? repositoryRoot + "/.build/debug/updraft"
    }()

    private static func isDirectory(_ path: String) -> Bool {
        var flag: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
    }
}
