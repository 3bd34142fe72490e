import Foundation
import Testing
import UpdraftCore

/// A 3-task chain over real processes passes XCom values end to end: `produce` prints
/// 41 (its return_value), `add_one` renders it into its command and prints 42, `report`
/// renders that into its command; the rendered output is in report's log file.
@Suite("Integration: XCom through a chain", .timeLimit(.minutes(2)))
struct ChainXComTests {
    static let dag = """
        dag_id: it_chain_xcom
        schedule: null
        tasks:
          - task_id: produce
            bash: "echo 41"
          - task_id: add_one
            bash: "echo $(( {{ ti.xcom_pull('produce') }} + 1 ))"
            upstream: [produce]
          - task_id: report
            bash: "echo final value {{ ti.xcom_pull('add_one') }} from {{ dag.dag_id }}"
            upstream: [add_one]
        """

    @Test("produce → add_one → report: the value arrives rendered in report's log")
    func chainPassesXCom() async throws {
        try await withCluster("chain", dags: ["chain.yml": Self.dag]) { cluster in
            try cluster.startScheduler()
            try cluster.startWorker(id: "w1")
            try await cluster.waitForDag("it_chain_xcom")
            let runId = try await cluster.trigger("it_chain_xcom")
            let run = try await cluster.waitForRun("it_chain_xcom", runId)
            try await cluster.require(run.state == .success, "run state \(run.state)")
            let tis = try await cluster.taskInstances("it_chain_xcom", runId)
            try await cluster.require(tis.values.allSatisfy { $0.state == .success } && tis.count == 3,
                                      "task states \(tis.mapValues(\.state.rawValue))")
            let xcoms = try await cluster.store().xcoms(dagId: "it_chain_xcom", runId: runId)
            let values = Dictionary(xcoms.filter { $0.key == "return_value" }.map { ($0.id.taskId, $0.value) },
                                    uniquingKeysWith: { a, _ in a })
            #expect(values["produce"] == .int(41))
            #expect(values["add_one"] == .int(42))
            let log = try String(contentsOfFile: cluster.logFile("it_chain_xcom", runId, "report", try: 1), encoding: .utf8)
            #expect(log.contains("final value 42 from it_chain_xcom"), "report's log:\n\(log)")
        }
    }
}
