/// Why a DAG file did not load: every error found in it, each with line and column.
public struct DagImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as named to the parser.
    public var file: String
    /// The errors, ordered by position in the file.
    public var errors: [DagError]

    /// An import error of `file`.
    public init(file: String, errors: [DagError]) {
        self.file = file
        self.errors = errors
    }

    /// One line per error: `file:line:column: error: message`.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
