import Testing
import UpdraftCore

@Suite("Dag.validate() on DAGs built in code")
struct DagValidationTests {
    static func bash(_ id: String, _ up: [String] = [], _ options: TaskDefaults = TaskDefaults()) -> TaskSpec {
        TaskSpec(taskId: id, kind: .bash(BashCommand(command: "echo \(id)")), upstreamIds: up, options: options)
    }

    @Test("a valid DAG has no errors")
    func valid() {
        let dag = Dag(dagId: "ok", tasks: [Self.bash("a"), Self.bash("b", ["a"]), Self.bash("c", ["a", "b"])])
        #expect(dag.validate().isEmpty)
    }

    @Test("every problem is reported in one pass")
    func collectsAll() {
        var negative = TaskDefaults()
        negative.retries = -2
        negative.poolSlots = 0
        let dag = Dag(dagId: "bad id!", maxActiveRuns: 0, tasks: [
            Self.bash("a", ["c"]), Self.bash("b", ["a"]), Self.bash("c", ["b"]),
            Self.bash("d", ["ghost"], negative), Self.bash("a"),
        ])
        let codes = dag.validate().map(\.code)
        #expect(codes.filter { $0 == .outOfRange }.count == 3)
        for code in [DagError.Code.invalidId, .cycle, .unknownUpstream, .duplicateTaskId] {
            #expect(codes.contains(code), "missing \(code)")
        }
    }

    @Test("the cycle error lists the path")
    func cyclePath() {
        let dag = Dag(dagId: "loop", tasks: [Self.bash("a", ["c"]), Self.bash("b", ["a"]), Self.bash("c", ["b"]), Self.bash("x")])
        let errors = dag.validate()
        #expect(errors.count == 1)
        #expect(errors.first?.message == "cycle in task dependencies: a -> b -> c -> a")
        #expect(errors.first?.taskId == "a")
    }

    @Test("a task depending on itself is a cycle")
    func selfLoop() {
        let errors = Dag(dagId: "self", tasks: [Self.bash("a", ["a"])]).validate()
        #expect(errors.contains { $0.code == .cycle && $0.message.contains("a -> a") })
    }

    @Test("unknown upstream ids get a did-you-mean hint only when close")
    func hints() {
        let dag = Dag(dagId: "h", tasks: [Self.bash("extract"), Self.bash("load", ["extrct", "zzzzzz"])])
        let messages = dag.validate().map(\.message)
        #expect(messages.contains("unknown upstream task 'extrct' of task 'load' (did you mean 'extract'?)"))
        #expect(messages.contains("unknown upstream task 'zzzzzz' of task 'load'"))
    }

    @Test("sensor checks: missing external_dag_id, two targets, overlapping states, empty path")
    func sensors() {
        let ext = ExternalTaskTarget(externalDagId: "", externalTaskIds: ["t"], externalTaskGroupId: "g",
                                     allowedStates: [.success], failedStates: [.success])
        let dag = Dag(dagId: "s", tasks: [
            TaskSpec(taskId: "e", kind: .sensor(SensorSpec(kind: .externalTask(ext)))),
            TaskSpec(taskId: "f", kind: .sensor(SensorSpec(kind: .file(path: "")))),
            TaskSpec(taskId: "w", kind: .sensor(SensorSpec(kind: .command("true"), pokeInterval: TimeSpan(seconds: 60),
                                                           maxWait: TimeSpan(seconds: 10)))),
        ])
        let messages = dag.validate().filter { $0.code == .invalidSensor }.map(\.message)
        #expect(messages.count == 5)
        #expect(messages.contains { $0.contains("needs external_dag_id") })
        #expect(messages.contains { $0.contains("only one of") })
        #expect(messages.contains { $0.contains("allowed_states and failed_states overlap: success") })
        #expect(messages.contains { $0.contains("needs filepath") })
        #expect(messages.contains { $0.contains("max_wait") })
    }

    @Test("expand from an unknown task, end_date before start_date, empty command")
    func misc() {
        let dag = Dag(dagId: "m", startDate: .init(timeIntervalSince1970: 100), endDate: .init(timeIntervalSince1970: 50),
                      tasks: [TaskSpec(taskId: "m", kind: .bash(BashCommand(command: "  ")), expand: .xcom(taskId: "lst", key: nil))])
        let codes = Set(dag.validate().map(\.code))
        #expect(codes == [.unknownExpandSource, .invalidDateRange, .invalidValue])
    }

    @Test("Swift tasks compare by name, so DAGs stay Hashable")
    func swiftBody() {
        let a = SwiftTaskBody(name: "d.t") { _ in .int(1) }
        let b = SwiftTaskBody(name: "d.t") { _ in .int(2) }
        #expect(TaskKind.swift(a) == .swift(b))
        #expect(TaskKind.swift(a) != .swift(SwiftTaskBody(name: "d.u") { _ in nil }))
        #expect(Dag(dagId: "x", tasks: [TaskSpec(taskId: "t", kind: .swift(a))]).validate().isEmpty)
    }

    @Test("suggestions: close names only")
    func suggestion() {
        #expect(Suggestion.closest(to: "retires", in: ["retries", "retry_delay"]) == "retries")
        #expect(Suggestion.closest(to: "xyz", in: ["retries"]) == nil)
        #expect(Suggestion.closest(to: "Pool", in: ["pool"]) == "pool")
    }
}
