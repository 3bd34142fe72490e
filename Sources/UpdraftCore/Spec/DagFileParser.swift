import Foundation
import Yams

/// Turns the text of one YAML DAG file into a validated ``Dag``, or every error found
/// (syntax, schema and ``Dag/validate()`` errors), each with file:line:column. Pure: the
/// caller reads the file. The YAML node tree is dropped before returning.
///
/// ```swift
/// switch DagFileParser.parse(text, file: "dags/etl.yml") {
/// case .success(let dag): print(dag.dagId)
/// case .failure(let e): print(e)   // dags/etl.yml:12:5: error: unknown upstream task ...
/// }
/// ```
public enum DagFileParser {
    /// Parses and validates one DAG file.
    public static func parse(_ text: String, file: String) -> Result<Dag, DagImportError> {
        parseFile(text, file: file).map(\.dag)
    }

    /// A parsed DAG and where its `dag_id` is written (for duplicate-id errors).
    public struct ParsedFile: Sendable {
        /// The validated DAG.
        public var dag: Dag
        /// Position of the `dag_id` value.
        public var dagIdLocation: SourceLocation
    }

    /// Parses and validates one DAG file, keeping the position of its `dag_id`.
    public static func parseFile(_ text: String, file: String) -> Result<ParsedFile, DagImportError> {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                return .failure(DagImportError(file: file, errors: [
                    DagError(.missingKey, "the file is empty: a DAG file needs at least dag_id and tasks",
                             file: file, line: 1, column: 1, key: "dag_id"),
                ]))
            }
            root = node
        } catch {
            return .failure(DagImportError(file: file, errors: [syntaxError(error, file: file)]))
        }
        var reader = YAMLReader(file: file)
        let read = reader.dag(root)
        var errors = reader.errors + read.assembly.errors
        errors += place(read.dag.validate(), read)
        guard errors.isEmpty else {
            let sorted = errors.map { e -> DagError in
                var e = e
                e.file = e.file ?? file
                e.dagId = e.dagId ?? (read.dag.dagId.isEmpty ? nil : read.dag.dagId)
                return e
            }.enumerated().sorted {
                ($0.element.line ?? 0, $0.element.column ?? 0, $0.offset) < ($1.element.line ?? 0, $1.element.column ?? 0, $1.offset)
            }.map(\.element)
            return .failure(DagImportError(file: file, errors: sorted))
        }
        return .success(ParsedFile(dag: read.dag, dagIdLocation: read.keyLocations["dag_id"] ?? read.rootLocation))
    }

    /// Validation errors placed at the task key, the task, the DAG key or the file start.
    static func place(_ errors: [DagError], _ read: YAMLReader.DagRead) -> [DagError] {
        guard !errors.isEmpty else { return [] }
        var indices: [String: [Int]] = [:]
        for (i, t) in read.dag.tasks.enumerated() { indices[t.taskId, default: []].append(i) }
        var duplicateSeen: [String: Int] = [:]
        return errors.map { e in
            if let id = e.taskId, let list = indices[id] {
                var i = list[0]
                if e.code == .duplicateTaskId {
                    let n = duplicateSeen[id, default: 0] + 1
                    duplicateSeen[id] = n
                    i = list[min(n, list.count - 1)]
                }
                let keyed = e.key.flatMap { read.assembly.keyLocations[i][$0] }
                return e.placed(at: keyed ?? read.assembly.taskLocations[i] ?? read.rootLocation)
            }
            return e.placed(at: e.key.flatMap { read.keyLocations[$0] } ?? read.rootLocation)
        }
    }

    /// A Yams error as a `yaml_syntax` error at its mark.
    static func syntaxError(_ error: any Error, file: String) -> DagError {
        guard let yaml = error as? YamlError else {
            return DagError(.yamlSyntax, "invalid YAML: \(error)", file: file, line: 1, column: 1)
        }
        switch yaml {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let ctx = context.map { " (\($0.text))" } ?? ""
            return DagError(.yamlSyntax, "invalid YAML: \(problem)\(ctx)", file: file, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let keys, let context):
            let line = keys.count == 1 ? repeatedKeyLine(keys[0], after: context.mark, in: context.text) : nil
            return DagError(.yamlSyntax, "invalid YAML: duplicate key \(keys.map { "'\($0)'" }.joined(separator: ", ")) in a mapping",
                            file: file, line: line ?? context.mark.line, column: context.mark.column)
        case .reader(let problem, _, _, _):
            return DagError(.yamlSyntax, "invalid YAML: \(problem)", file: file, line: 1, column: 1)
        default:
            return DagError(.yamlSyntax, "invalid YAML: \(yaml)", file: file, line: 1, column: 1)
        }
    }

    /// The line of the second `key:` at the same column as `first` (block mappings), so the
    /// error points at the repeat rather than the original; nil when not found.
    static func repeatedKeyLine(_ key: String, after first: Mark, in text: String) -> Int? {
        let indent = String(repeating: " ", count: max(0, first.column - 1))
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            guard number > first.line, line.hasPrefix(indent) else { continue }
            let rest = line.dropFirst(indent.count)
            if rest.hasPrefix(key + ":") || rest.hasPrefix("- " + key + ":") { return number }
        }
        return nil
    }
}
