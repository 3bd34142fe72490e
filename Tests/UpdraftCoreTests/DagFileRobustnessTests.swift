import Testing
import UpdraftCore

@Suite("YAML DAG files: damaged input never crashes and always says where")
struct DagFileRobustnessTests {
    static let lines = DagFileParserTests.full.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    @Test("every truncation of a valid file parses or fails with positioned errors")
    func truncations() {
        for end in 0..<Self.lines.count {
            let text = Self.lines[..<end].joined(separator: "\n")
            if case .failure(let e) = DagFileParser.parse(text, file: "cut.yml") {
                #expect(!e.errors.isEmpty)
                #expect(e.errors.allSatisfy { $0.file == "cut.yml" && ($0.line ?? 0) >= 1 && ($0.column ?? 0) >= 1 },
                        "cut at line \(end): \(e)")
            }
        }
    }

    @Test("removing any single line never crashes; errors stay positioned")
    func droppedLines() {
        for drop in Self.lines.indices {
            var lines = Self.lines
            lines.remove(at: drop)
            if case .failure(let e) = DagFileParser.parse(lines.joined(separator: "\n"), file: "d.yml") {
                #expect(e.errors.allSatisfy { ($0.line ?? 0) >= 1 && ($0.column ?? 0) >= 1 }, "dropped line \(drop + 1): \(e)")
            }
        }
    }

    @Test("values of the wrong shape under every task key are reported, not trapped")
    func wrongShapes() {
        let keys = ["retries", "retry_delay", "trigger_rule", "pool", "pool_slots", "priority_weight", "weight_rule",
                    "queue", "depends_on_past", "env", "cwd", "doc", "upstream", "expand", "skip_on_exit_code",
                    "owner", "execution_timeout", "max_retry_delay", "retry_exponential_backoff"]
        for key in keys {
            let text = "dag_id: x\ntasks:\n  - task_id: t\n    bash: echo\n    \(key): {nested: [1, 2]}\n"
            guard case .failure(let e) = DagFileParser.parse(text, file: "w.yml") else {
                Issue.record("\(key): a mapping was accepted")
                continue
            }
            #expect(e.errors.contains { $0.line == 5 }, "\(key): \(e)")
        }
    }
}
