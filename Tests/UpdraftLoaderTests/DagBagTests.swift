import Foundation
import Testing
import UpdraftCore
@testable import UpdraftLoader

@Suite("DagBag: a folder of DAG files")
struct DagBagTests {
    /// A fresh folder with `files` (relative path → text); removed by the caller.
    static func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dagbag-\(UUID().uuidString)").path
        for (path, text) in files {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root
    }

    static let good = "dag_id: good\ntasks:\n  - {task_id: a, bash: echo}\n  - {task_id: b, bash: echo, upstream: [a]}\n"

    @Test("the good DAG loads and each broken file has exactly one import error entry")
    func goodAndBroken() async throws {
        let root = try Self.folder([
            "good.yml": Self.good,
            "broken/syntax.yaml": "dag_id: s\ntasks: [\n",
            "broken/unknown_key.yml": "dag_id: u\ntaks: []\n",
            "broken/cycle.yml": "dag_id: c\ntasks:\n  - {task_id: a, empty: true, upstream: [b]}\n  - {task_id: b, empty: true, upstream: [a]}\n",
            "zz_duplicate.yml": "dag_id: good\ntasks: [{task_id: x, empty: true}]\n",
            "notes.txt": "not a dag",
            ".hidden/ignored.yml": "dag_id: hidden\ntasks: [{task_id: x, empty: true}]\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bag = try await DagBag.load(folder: root)
        #expect(bag.dagIds == ["good"])
        #expect(bag.dag("good")?.tasks.map(\.taskId) == ["a", "b"])
        #expect(bag.dag("good")?.fileLocation == root + "/good.yml")
        #expect(bag.importErrors.map(\.file) == [
            root + "/broken/cycle.yml", root + "/broken/syntax.yaml", root + "/broken/unknown_key.yml",
            root + "/zz_duplicate.yml",
        ])
        let expected: [DagError.Code] = [.cycle, .yamlSyntax, .unknownKey, .duplicateDagId]
        for (error, code) in zip(bag.importErrors, expected) {
            #expect(error.errors.map(\.code).contains(code), "\(error)")
        }
        let duplicate = bag.importErrors[3].errors[0]
        #expect(duplicate.line == 1 && duplicate.column == 9)
        #expect(duplicate.message.contains("already defined in \(root)/good.yml"))
        #expect(bag.importErrors.allSatisfy { $0.errors.allSatisfy { $0.line != nil && $0.column != nil } })
    }

    @Test("loading is deterministic: same folder, same bag")
    func deterministic() async throws {
        var files: [String: String] = [:]
        for i in 0..<40 { files["d\(i).yml"] = "dag_id: d\(i % 30)\ntasks: [{task_id: t, empty: true}]\n" }
        let root = try Self.folder(files)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try await DagBag.load(folder: root)
        let second = try await DagBag.load(folder: root)
        #expect(first.dags == second.dags)
        #expect(first.importErrors == second.importErrors)
        #expect(first.dags.count == 30)
        #expect(first.importErrors.count == 10)
        // Sorted paths: d0..d29 come before d30..d39 except for d3 < d30 etc.; d30 duplicates d0.
        #expect(first.importErrors.contains { $0.file.hasSuffix("/d30.yml") })
    }

    @Test("a missing folder is an error naming it")
    func missingFolder() async {
        do {
            _ = try await DagBag.load(folder: "/nonexistent/dags-folder")
            Issue.record("loaded a missing folder")
        } catch {
            #expect(error.description == "/nonexistent/dags-folder: error: no such DAG folder")
        }
    }

    @Test("a file that is not UTF-8 is an import error, others still load")
    func notUTF8() async throws {
        let root = try Self.folder(["good.yml": Self.good])
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data([0xFF, 0xFE, 0x00, 0xC3]).write(to: URL(fileURLWithPath: root + "/bin.yml"))
        let bag = try await DagBag.load(folder: root)
        #expect(bag.dagIds == ["good"])
        #expect(bag.importErrors.map { $0.errors[0].code } == [.unreadableFile])
    }

    @Test("DAGs built in code are validated when added; duplicates become import errors")
    func addInCode() {
        var bag = DagBag()
        bag.add(Dag(dagId: "code", tasks: [TaskSpec(taskId: "a", kind: .empty)]), file: "Sources/Dags/Code.swift")
        bag.add(Dag(dagId: "code", tasks: [TaskSpec(taskId: "a", kind: .empty)]), file: "Other.swift")
        bag.add(Dag(dagId: "bad", tasks: [TaskSpec(taskId: "a", kind: .empty, upstreamIds: ["b"])]), file: "Bad.swift")
        #expect(bag.dagIds == ["code"])
        #expect(bag.importErrors.map { $0.errors.map(\.code) } == [[.duplicateDagId], [.unknownUpstream]])
        #expect(bag.importErrors[1].errors[0].file == "Bad.swift")
    }

    @Test("the top-level pools.yml is read as the folder's pools, not as a DAG; a broken one is an import error")
    func poolsFile() async throws {
        let root = try Self.folder([
            "good.yml": Self.good,
            "pools.yml": "pools:\n  - {name: small_tables, slots: 4}\n",
            "team/pools.yml": "dag_id: team_pools\ntasks: [{task_id: x, empty: true}]\n",
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let bag = try await DagBag.load(folder: root)
        #expect(bag.dagIds == ["good", "team_pools"])
        #expect(bag.importErrors.isEmpty, "\(bag.importErrors)")
        #expect(bag.pools == [PoolSpec(name: "small_tables", slots: 4)])

        let broken = try Self.folder(["good.yml": Self.good, "pools.yaml": "pools:\n  - {name: a, slots: lots}\n"])
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let bad = try await DagBag.load(folder: broken)
        #expect(bad.dagIds == ["good"])
        #expect(bad.pools == nil)
        #expect(bad.importErrors.map(\.file) == [broken + "/pools.yaml"])
        #expect(bad.importErrors.first?.description.contains("pools.yaml:2:") == true, "\(bad.importErrors)")

        let none = try Self.folder(["good.yml": Self.good])
        defer { try? FileManager.default.removeItem(atPath: none) }
        #expect(try await DagBag.load(folder: none).pools == nil)
    }
}
