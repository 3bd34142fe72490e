import Foundation
import Testing
import UpdraftCore

/// Every YAML snippet of `examples/README.md` must parse: whole DAGs without any error,
/// task fragments (wrapped in a DAG) with no error other than references to tasks the
/// fragment leaves out.
@Suite("examples/README.md snippets parse")
struct SchemaDocTests {
    static func snippets() throws -> [String] {
        let readme = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        var out: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```yaml" {
                current = []
            } else if current != nil, line == "```" {
                out.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return out
    }

    @Test("the README has snippets, and each one parses")
    func snippetsParse() throws {
        let snippets = try Self.snippets()
        #expect(snippets.count >= 10)
        for snippet in snippets {
            let isDag = snippet.hasPrefix("dag_id:")
            let text = isDag ? snippet : "dag_id: doc\ntasks:\n" + snippet
            guard case .failure(let e) = DagFileParser.parse(text, file: "README.md") else { continue }
            let allowed: Set<DagError.Code> = isDag ? [] : [.unknownUpstream]
            let unexpected = e.errors.filter { !allowed.contains($0.code) }
            #expect(unexpected.isEmpty, "snippet:\n\(snippet)\n\(unexpected)")
        }
    }
}
