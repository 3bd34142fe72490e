import ArgumentParser
import Foundation

/// Where a command writes: standard output for data, standard error for errors and
/// notes. Commands write through it so that tests can capture both streams.
public struct CommandIO: Sendable {
    /// Writes one line (a newline is added) to standard output.
    public var out: @Sendable (String) -> Void
    /// Writes one line (a newline is added) to standard error.
    public var err: @Sendable (String) -> Void

    /// An IO with the given writers.
    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void) {
        self.out = out
        self.err = err
    }

    /// The process's standard output and standard error.
    public static let standard = CommandIO(
        out: { print($0) },
        err: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
    )
}

/// Ends the process with `code` unless it is 0 (what each command's `run()` calls).
func exitUnlessZero(_ code: Int32) throws {
    if code != 0 { throw ExitCode(code) }
}
