import Foundation
import Yams

/// One pool as a DAG folder's `pools.yml` declares it (Airflow's pool: name, slots, description).
public struct PoolSpec: Sendable, Hashable {
    /// The pool name.
    public var name: String
    /// Slots; -1 means unlimited.
    public var slots: Int
    /// Free text.
    public var description: String

    /// A pool declaration.
    public init(name: String, slots: Int, description: String = "") {
        self.name = name
        self.slots = slots
        self.description = description
    }
}

/// The pools file of a DAG folder: `pools.yml` (or `pools.yaml`) at its top, so the pools a
/// folder's DAGs name exist on a fresh home. It is not a DAG file. The shape:
///
/// ```yaml
/// pools:
///   - name: small_tables
///     slots: 4
///     description: copies of small tables
///   - name: large_tables
///     slots: 1
/// ```
///
/// `slots` is a whole number ≥ 0, or `unlimited` (also -1). Every error names file:line:column.
public enum PoolsFile {
    /// The file names looked for at the top of a DAG folder, in order (the first found is read).
    public static let fileNames = ["pools.yml", "pools.yaml"]

    /// Whether `relativePath` (inside a DAG folder) is the folder's pools file.
    public static func isPoolsFile(relativePath: String) -> Bool {
        fileNames.contains(relativePath)
    }

    /// Parses a pools file's text; `file` names it in errors.
    public static func parse(_ text: String, file: String) -> Result<[PoolSpec], DagImportError> {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text, .basic) else {
                return .failure(DagImportError(file: file, errors: [
                    DagError(.missingKey, "the pools file is empty: it needs a 'pools' list", file: file, line: 1, column: 1, key: "pools"),
                ]))
            }
            root = node
        } catch {
            return .failure(DagImportError(file: file, errors: [DagFileParser.syntaxError(error, file: file)]))
        }
        var reader = YAMLReader(file: file)
        let pools = read(root, &reader)
        guard reader.errors.isEmpty else { return .failure(DagImportError(file: file, errors: reader.errors)) }
        return .success(pools)
    }

    private static func read(_ root: Node, _ reader: inout YAMLReader) -> [PoolSpec] {
        guard let top = reader.mapping(root, what: "a pools file") else { return [] }
        reader.checkKeys(top, allowed: ["pools"], in: "a pools file")
        guard let list = top.first(where: { $0.key == "pools" }) else {
            reader.fail(.missingKey, "a pools file needs a 'pools' list", at: root, key: "pools")
            return []
        }
        guard case .sequence(let items) = list.value else {
            reader.fail(.invalidValue, "pools must be a list of pools (each with name and slots)", at: list.value, key: "pools")
            return []
        }
        var out: [PoolSpec] = []
        var seen: [String: Int] = [:]
        for item in items {
            guard let pairs = reader.mapping(item, what: "a pool") else { continue }
            reader.checkKeys(pairs, allowed: ["name", "slots", "description"], in: "a pool")
            let value = { (key: String) in pairs.first { $0.key == key }?.value }
            guard let nameNode = value("name") else {
                reader.fail(.missingKey, "a pool needs a name", at: item, key: "name")
                continue
            }
            guard let name = reader.string(nameNode, key: "name") else { continue }
            if name.isEmpty || name.contains(where: \.isWhitespace) {
                reader.fail(.invalidId, "pool name '\(name)' must be non-empty with no spaces", at: nameNode, key: "name")
                continue
            }
            if let line = seen[name] {
                reader.fail(.invalidValue, "pool '\(name)' is declared twice (first on line \(line))", at: nameNode, key: "name")
                continue
            }
            seen[name] = reader.location(nameNode).line
            guard let slotsNode = value("slots") else {
                reader.fail(.missingKey, "pool '\(name)' needs slots (a whole number, or unlimited)", at: item, key: "slots")
                continue
            }
            guard let slots = self.slots(slotsNode, pool: name, &reader) else { continue }
            var description = ""
            if let node = value("description") {
                guard let text = reader.string(node, key: "description") else { continue }
                description = text
            }
            out.append(PoolSpec(name: name, slots: slots, description: description))
        }
        return out
    }

    private static func slots(_ node: Node, pool: String, _ reader: inout YAMLReader) -> Int? {
        switch YAMLReader.scalarValue(node) {
        case .string("unlimited")?: return -1
        case .int(let n)? where n >= -1 && n <= Int64(Int32.max): return Int(n)
        default:
            reader.fail(.outOfRange, "slots of pool '\(pool)' must be a whole number ≥ 0 or unlimited, got '\(node.scalar?.string ?? "a collection")'",
                        at: node, key: "slots")
            return nil
        }
    }
}
