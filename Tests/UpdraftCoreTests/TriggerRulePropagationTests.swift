import Testing
import UpdraftCore

/// Runs the trigger-rule evaluator over a whole DAG in dependency order, with the outcome
/// of each task that runs given up front: how skips and failures travel downstream.
struct RunSimulation {
    let dag: Dag
    /// Outcome of each task when it runs (default success).
    let outcomes: [String: TaskInstanceState]

    func finalStates() -> [String: TaskInstanceState] {
        var states: [String: TaskInstanceState] = [:]
        for id in dag.topologicalTaskIds() ?? [] {
            let task = dag.task(id)!
            let upstream = UpstreamStates(states: task.upstreamIds.map { states[$0] ?? .none })
            switch TriggerRuleEvaluator.decide(task.triggerRule, upstream: upstream) {
            case .run: states[id] = outcomes[id] ?? .success
            case .skip: states[id] = .skipped
            case .upstreamFailed: states[id] = .upstreamFailed
            case .removed: states[id] = .removed
            case .wait: states[id] = TaskInstanceState.none
            }
        }
        return states
    }
}

@Suite("Trigger rules over a whole DAG: cascades and joins")
struct TriggerRulePropagationTests {
    static func task(_ id: String, _ up: [String], _ rule: TriggerRule = .allSuccess) -> TaskSpec {
        var o = TaskDefaults()
        o.triggerRule = rule
        return TaskSpec(taskId: id, kind: .empty, upstreamIds: up, options: o)
    }

    /// branch -> (fast, full); fast -> after_fast; (after_fast, full) -> join.
    static func branchDag(join: TriggerRule) -> Dag {
        Dag(dagId: "b", tasks: [
            task("branch", []), task("fast", ["branch"]), task("full", ["branch"]),
            task("after_fast", ["fast"]), task("join", ["after_fast", "full"], join),
        ])
    }

    @Test("the join after a branch runs with none_failed_min_one_success")
    func branchJoin() {
        let states = RunSimulation(dag: Self.branchDag(join: .noneFailedMinOneSuccess), outcomes: ["full": .skipped]).finalStates()
        #expect(states["full"] == .skipped)
        #expect(states["after_fast"] == .success)
        #expect(states["join"] == .success)
    }

    @Test("with all_success the skip cascades into the join")
    func skipCascades() {
        let states = RunSimulation(dag: Self.branchDag(join: .allSuccess), outcomes: ["fast": .skipped]).finalStates()
        #expect(states["after_fast"] == .skipped)
        #expect(states["join"] == .skipped)
    }

    @Test("a failure propagates as upstream_failed; all_done and one_failed still run")
    func failurePropagates() {
        let dag = Dag(dagId: "f", tasks: [
            Self.task("a", []), Self.task("b", ["a"]), Self.task("c", ["b"]),
            Self.task("cleanup", ["c"], .allDone), Self.task("alert", ["a", "b"], .oneFailed),
        ])
        let states = RunSimulation(dag: dag, outcomes: ["a": .failed]).finalStates()
        #expect(states["b"] == .upstreamFailed)
        #expect(states["c"] == .upstreamFailed)
        #expect(states["cleanup"] == .success)
        #expect(states["alert"] == .success)
    }

    @Test("dependency order is deterministic: written order among ready tasks")
    func order() {
        let dag = Dag(dagId: "o", tasks: [
            Self.task("z", ["b"]), Self.task("b", []), Self.task("a", []), Self.task("m", ["a", "b"]),
        ])
        #expect(dag.topologicalTaskIds() == ["b", "z", "a", "m"])
        #expect(Dag(dagId: "c", tasks: [Self.task("x", ["y"]), Self.task("y", ["x"])]).topologicalTaskIds() == nil)
    }
}
