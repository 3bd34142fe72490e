import Foundation
@testable import UpdraftCore

/// Builders for run-planner tests: tasks, DAGs and trackers of DAG "d", run "r".
enum RunFixtures {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func task(
        _ id: String, _ upstream: [String] = [], rule: TriggerRule = .allSuccess, kind: TaskKind = .empty,
        expand: TaskExpansion? = nil, _ configure: (inout TaskDefaults) -> Void = { _ in }
    ) -> TaskSpec {
        var o = TaskDefaults()
        o.triggerRule = rule
        configure(&o)
        return TaskSpec(taskId: id, kind: kind, upstreamIds: upstream, options: o, expand: expand)
    }

    static func id(_ taskId: String, _ mapIndex: Int = -1) -> TaskInstanceID {
        TaskInstanceID(dagId: "d", runId: "r", taskId: taskId, mapIndex: mapIndex)
    }

    static func dag(_ tasks: [TaskSpec], groups: [TaskGroup] = []) -> Dag {
        Dag(dagId: "d", tasks: tasks, taskGroups: groups)
    }

    static func tracker(
        _ tasks: [TaskSpec], instances: [TaskInstanceView] = [], previous: [String: TaskInstanceState] = [:],
        groups: [TaskGroup] = []
    ) -> RunTracker {
        RunTracker(dag: dag(tasks, groups: groups), dagId: "d", runId: "r", instances: instances, previousRunStates: previous)
    }

    static let branchKind = TaskKind.branch(BashCommand(command: "echo a"))
}

extension RunTracker {
    /// State of an instance of this run, nil when unknown.
    func state(_ taskId: String, _ mapIndex: Int = -1) -> TaskInstanceState? {
        instance(RunFixtures.id(taskId, mapIndex))?.state
    }

    /// States of every counted instance of the run by "task" or "task[i]" (superseded
    /// placeholders included, as `removed`).
    var stateTable: [String: TaskInstanceState] {
        Dictionary(uniqueKeysWithValues: instances.map {
            ($0.id.mapIndex < 0 ? $0.id.taskId : "\($0.id.taskId)[\($0.id.mapIndex)]", $0.state)
        })
    }

    /// Queues, starts (next try) and finishes an instance as the scheduler would.
    @discardableResult
    mutating func complete(
        _ taskId: String, _ state: TaskInstanceState = .success, map: Int = -1, at now: Date = RunFixtures.t0,
        chosen: [String]? = nil, mapLengths: [String: Int] = [:]
    ) -> RunDecisions {
        let id = RunFixtures.id(taskId, map)
        markQueued([id])
        started(id, tryNumber: (instance(id)?.tryNumber ?? 0) + 1, at: now)
        return finished(id, state: state, now: now, chosenTaskIds: chosen, mapLengths: mapLengths)
    }
}

extension RunDecisions {
    /// Task ids (with [i] when mapped) of ``toSchedule``.
    var scheduledNames: [String] {
        toSchedule.map { $0.mapIndex < 0 ? $0.taskId : "\($0.taskId)[\($0.mapIndex)]" }
    }
}
