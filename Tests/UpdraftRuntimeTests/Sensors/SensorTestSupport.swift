import Foundation
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func sensorEventually(_ seconds: Double = 30, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// `upstream` (bash task `a`) and `downstream`: sensor `wait` on `upstream.a`, then bash `b`.
func linkedDags(
    _ up: String = "up", _ down: String = "down", sensor: (inout SensorSpec, inout ExternalTaskTarget) -> Void = { _, _ in }
) -> [Dag] {
    var target = ExternalTaskTarget(externalDagId: up, externalTaskIds: ["a"])
    var spec = SensorSpec(kind: .file(path: ""), pokeInterval: TimeSpan(seconds: 1))
    sensor(&spec, &target)
    spec.kind = .externalTask(target)
    return [
        bashDag(up, [("a", "true")]),
        sensorDag(down, spec),
    ]
}

/// A DAG whose sensor `wait` runs before bash task `b`.
func sensorDag(_ dagId: String, _ spec: SensorSpec) -> Dag {
    Dag(dagId: dagId, maxActiveTasks: 64, tasks: [
        TaskSpec(taskId: "wait", kind: .sensor(spec)),
        TaskSpec(taskId: "b", kind: .bash(BashCommand(command: "true")), upstreamIds: ["wait"]),
    ])
}

extension SchedulerHarness {
    /// The row of `taskId` in `dagId`'s run `runId`.
    func row(_ dagId: String, _ runId: String, _ taskId: String) -> TaskInstanceRecord? {
        store.instance(TaskInstanceID(dagId: dagId, runId: runId, taskId: taskId))
    }
}
