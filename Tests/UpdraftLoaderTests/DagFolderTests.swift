import Foundation
import Testing
import UpdraftCore
@testable import UpdraftLoader

@Suite("DagFolder: one rule for what loads and what the folder watch sees")
struct DagFolderTests {
    static let dag = "dag_id: ID\ntasks: [{task_id: x, empty: true}]\n"

    @Test("the loader loads exactly the watched files but the pools file: x.YML included, hidden and other files not")
    func oneRule() async throws {
        let root = try DagBagTests.folder([
            "lower.yml": Self.dag.replacingOccurrences(of: "ID", with: "lower"),
            "UPPER.YML": Self.dag.replacingOccurrences(of: "ID", with: "upper"),
            "deep/Mixed.Yaml": Self.dag.replacingOccurrences(of: "ID", with: "mixed"),
            ".hidden/h.yml": Self.dag.replacingOccurrences(of: "ID", with: "hidden"),
            ".dot.yml": Self.dag.replacingOccurrences(of: "ID", with: "dot"),
            "notes.txt": "not a dag",
            "pools.yml": "pools: [{name: p, slots: 2}]\n",
            "folder.yml/inner.yml": Self.dag.replacingOccurrences(of: "ID", with: "inner"),
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = try DagFolder.dagFiles(in: root)
        #expect(files == ["UPPER.YML", "deep/Mixed.Yaml", "folder.yml/inner.yml", "lower.yml"].map { root + "/" + $0 })
        let watched = DagFolder.fingerprint(of: root)
        #expect(Set(watched.keys) == Set(files + [root + "/pools.yml"]))
        #expect(watched.values.allSatisfy { $0 > .distantPast })
        let bag = try await DagBag.load(folder: root)
        #expect(Set(bag.dags.map(\.dagId)) == ["lower", "upper", "mixed", "inner"])
        #expect(bag.importErrors.isEmpty, "\(bag.importErrors)")
    }

    @Test("a missing folder: an error naming it for the loader, an empty fingerprint for the watch")
    func missing() {
        let error = #expect(throws: DagFolderError.self) { try DagFolder.dagFiles(in: "/nonexistent/dags") }
        #expect(error?.description == "/nonexistent/dags: error: no such DAG folder")
        #expect(DagFolder.fingerprint(of: "/nonexistent/dags").isEmpty)
    }
}
