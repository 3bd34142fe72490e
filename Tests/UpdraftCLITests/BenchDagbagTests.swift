import Foundation
import Testing
import UpdraftBench
import UpdraftCore
@testable import UpdraftCLI

@Suite("updraft bench dagbag")
struct BenchDagbagTests {
    @Test("generated files are valid DAGs with exactly the asked number of tasks", arguments: [1, 2, 7, 8, 9, 10, 23, 50])
    func generatedFilesLoad(tasks: Int) throws {
        let text = DagFileGenerator.file(index: 3, tasks: tasks)
        let dag = try DagFileParser.parse(text, file: "bench.yml").get()
        #expect(dag.dagId == "bench_dag_3")
        #expect(dag.tasks.count == tasks)
    }

    @Test("generated DAGs are realistic: groups, pools, mapping, sensors, fan-in, templates")
    func realistic() throws {
        let dag = try DagFileParser.parse(DagFileGenerator.file(index: 0, tasks: 50), file: "b.yml").get()
        #expect(!dag.taskGroups.isEmpty)
        #expect(Set(dag.tasks.map(\.pool)).isSuperset(of: ["small_tables", "large_tables", "warehouse"]))
        #expect(dag.tasks.contains { $0.isMapped })
        #expect(dag.tasks.contains { $0.kind.name == "sensor" })
        #expect(dag.tasks.contains { $0.upstreamIds.count == 3 })
        #expect(dag.tasks.allSatisfy { $0.retries >= 1 })
        #expect(dag.topologicalTaskIds() != nil)
    }

    @Test("a small run loads every file with no import errors and reports the JSON keys")
    func smallRun() async throws {
        let report = try await DagBagBench.run(files: 12, tasksPerFile: 10, loads: 1)
        #expect(report.dagsLoaded == 12)
        #expect(report.tasksLoaded == 120)
        #expect(report.importErrors == 0)
        #expect(report.peakRSSMB > 0)
        let json = try JSONOutput.encode(report, pretty: false)
        let keys = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]).keys
        #expect(Set(keys).isSuperset(of: ["files", "tasks_per_file", "load_s", "peak_rss_mb", "dags_loaded", "import_errors"]))
    }
}
