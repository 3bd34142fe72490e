import Foundation
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftCLI

@Suite("tasks clear --downstream through external_task sensors (ExternalTaskMarker)")
struct ExternalTaskMarkerTests {
    /// Adds DAG files and one finished run each (all tasks success) at `logicalDate`.
    func addLinkedDag(_ fixture: StoreCommandHome, _ dagId: String, yaml: String, tasks: [String], logicalDate: Date) async throws {
        try yaml.write(toFile: fixture.path + "/dags/\(dagId).yml", atomically: true, encoding: .utf8)
        let runId = "scheduled__\(dagId)"
        var batch = StoreBatch()
        batch.dagRuns = [DagRunRecord(dagId: dagId, runId: runId, logicalDate: logicalDate, dataIntervalStart: logicalDate,
                                      dataIntervalEnd: logicalDate, state: .success, runType: .scheduled, queuedAt: logicalDate)]
        batch.taskInstances = tasks.map {
            TaskInstanceRecord(id: TaskInstanceID(dagId: dagId, runId: runId, taskId: $0), state: .success, tryNumber: 1, maxTries: 1)
        }
        try await fixture.store.commit(batch)
    }

    func states(_ fixture: StoreCommandHome, _ dagId: String) async throws -> [String: TaskInstanceState] {
        Dictionary(uniqueKeysWithValues: try await fixture.store.taskInstances(dagId: dagId, runId: "scheduled__\(dagId)")
            .map { ($0.id.taskId, $0.state) })
    }

    @Test("clearing etl.extract downstream clears the sensor on etl.load and its downstream, recursively, at the mapped logical date")
    func clearsLinked() async throws {
        let fixture = try await StoreCommandHome()
        let date = StoreCommandHome.logicalDate
        // Waits for etl.load of the run one hour earlier (execution_delta 1h).
        try await addLinkedDag(fixture, "consumer", yaml: """
            dag_id: consumer
            tasks:
              - task_id: wait_load
                sensor: external_task
                external_dag_id: etl
                external_task_id: load
                execution_delta: 1h
              - task_id: use
                bash: "true"
                upstream: [wait_load]
              - task_id: alone
                bash: "true"
            """, tasks: ["wait_load", "use", "alone"], logicalDate: date.addingTimeInterval(3600))
        // Waits for consumer.use: cleared at depth 2.
        try await addLinkedDag(fixture, "third", yaml: """
            dag_id: third
            tasks:
              - task_id: wait_use
                sensor: external_task
                external_dag_id: consumer
                external_task_id: use
                execution_delta: 1h
            """, tasks: ["wait_use"], logicalDate: date.addingTimeInterval(7200))
        // Waits for etl.fan, which is not cleared: untouched.
        try await addLinkedDag(fixture, "unrelated", yaml: """
            dag_id: unrelated
            tasks:
              - task_id: wait_fan
                sensor: external_task
                external_dag_id: etl
                external_task_id: fan
            """, tasks: ["wait_fan"], logicalDate: date)

        let captured = CapturedIO()
        let command: TasksClearCommand = try parse(["tasks", "clear", "etl", StoreCommandHome.runId, "extract",
                                                    "--downstream", "--home", fixture.path, "--json"])
        #expect(try await command.execute(io: captured.io) == 0)
        let output = try JSONDecoder().decode(TasksClearCommand.Output.self, from: Data(captured.out.utf8))
        #expect(output.linked?.map(\.dagId) == ["consumer", "third"])
        #expect(output.linked?.map(\.depth) == [1, 2])
        #expect(output.linked?.first?.taskIds == ["use", "wait_load"])

        let consumer = try await states(fixture, "consumer")
        #expect(consumer["wait_load"] == TaskInstanceState.none)
        #expect(consumer["use"] == TaskInstanceState.none)
        #expect(consumer["alone"] == .success)
        #expect(try await states(fixture, "third")["wait_use"] == TaskInstanceState.none)
        #expect(try await states(fixture, "unrelated")["wait_fan"] == .success)
    }

    @Test("dependents: task ids, groups and whole-run sensors; remote endpoints are not this deployment's")
    func dependents() {
        func sensorDag(_ id: String, _ target: ExternalTaskTarget) -> Dag {
            Dag(dagId: id, tasks: [TaskSpec(taskId: "w", kind: .sensor(SensorSpec(kind: .externalTask(target))))])
        }
        var remote = ExternalTaskTarget(externalDagId: "up", externalTaskIds: ["a"])
        remote.endpoint = "tcp://10.0.0.1:7434"
        let dags = [
            sensorDag("byTask", ExternalTaskTarget(externalDagId: "up", externalTaskIds: ["a"])),
            sensorDag("otherTask", ExternalTaskTarget(externalDagId: "up", externalTaskIds: ["z"])),
            sensorDag("byGroup", ExternalTaskTarget(externalDagId: "up", externalTaskGroupId: "g")),
            sensorDag("wholeRun", ExternalTaskTarget(externalDagId: "up")),
            sensorDag("remote", remote),
        ]
        #expect(ExternalTaskMarker.dependents(of: "up", cleared: ["a"], in: dags).map(\.dagId).sorted() == ["byTask", "wholeRun"])
        #expect(ExternalTaskMarker.dependents(of: "up", cleared: ["g.x"], in: dags).map(\.dagId).sorted() == ["byGroup", "wholeRun"])
        #expect(ExternalTaskMarker.dependents(of: "other", cleared: ["a"], in: dags).isEmpty)
    }
}
