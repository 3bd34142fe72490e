import Testing
import UpdraftCore

@Suite("YAML DAG files: remaining keys and places")
struct DagFileMoreKeysTests {
    static func dag(_ text: String) throws -> Dag {
        try DagFileParser.parse(text, file: "t.yml").get()
    }

    static func codes(_ text: String) -> [DagError.Code] {
        guard case .failure(let e) = DagFileParser.parse(text, file: "t.yml") else { return [] }
        return e.errors.map(\.code)
    }

    @Test("external_task_id, external_task_group_id, whole-DAG target")
    func externalTargets() throws {
        let dag = try Self.dag("""
            dag_id: x
            tasks:
              - {task_id: one, sensor: external_task, external_dag_id: up, external_task_id: load}
              - {task_id: grp, sensor: external_task, external_dag_id: up, external_task_group_id: loaders}
              - {task_id: run, sensor: external_task, external_dag_id: up}
            """)
        #expect(dag.task("one")?.kind == .sensor(SensorSpec(kind: .externalTask(ExternalTaskTarget(externalDagId: "up", externalTaskIds: ["load"])))))
        #expect(dag.task("grp")?.kind == .sensor(SensorSpec(kind: .externalTask(ExternalTaskTarget(externalDagId: "up", externalTaskGroupId: "loaders")))))
        #expect(dag.task("run")?.kind == .sensor(SensorSpec(kind: .externalTask(ExternalTaskTarget(externalDagId: "up")))))
    }

    @Test("a remote external_task target with server_key; server_key without endpoint is an error at its line")
    func remoteServerKey() throws {
        let dag = try Self.dag("""
            dag_id: x
            tasks:
              - {task_id: r, sensor: external_task, external_dag_id: up, endpoint: "tcp://10.0.0.5:7434", server_key: /keys/up.pub}
            """)
        var target = ExternalTaskTarget(externalDagId: "up", endpoint: "tcp://10.0.0.5:7434")
        target.serverKey = "/keys/up.pub"
        #expect(dag.task("r")?.kind == .sensor(SensorSpec(kind: .externalTask(target))))
        #expect(Self.codes("dag_id: a\ntasks:\n  - {task_id: t, sensor: external_task, external_dag_id: u, server_key: k.pub}\n") == [.invalidSensor])
    }

    @Test("prefix_group_id false, nested groups, group default_args over DAG default_args, edge from a group")
    func groupKeys() throws {
        let dag = try Self.dag("""
            dag_id: x
            default_args: {queue: q1, retries: 1}
            tasks:
              - group_id: outer
                default_args: {queue: q2}
                tasks:
                  - group_id: flat
                    prefix_group_id: false
                    tasks: [{task_id: f, empty: true}]
                  - {task_id: g, empty: true, upstream: f}
              - {task_id: after, empty: true, upstream: outer}
            """)
        #expect(dag.tasks.map(\.taskId) == ["outer.f", "outer.g", "after"])
        #expect(dag.task("outer.g")?.upstreamIds == ["outer.f"])
        #expect(dag.task("after")?.upstreamIds == ["outer.g"])
        #expect(dag.task("outer.f")?.queue == "q2")
        #expect(dag.task("after")?.queue == "q1")
        #expect(dag.task("outer.f")?.retries == 1)
        #expect(dag.taskGroups.map(\.groupId) == ["outer", "outer.flat"])
    }

    @Test("schedule forms: preset, interval, null")
    func schedules() throws {
        #expect(try Self.dag("dag_id: a\nschedule: \"@daily\"\ntasks: []\n").schedule.description == "@daily")
        #expect(try Self.dag("dag_id: a\nschedule: 30m\ntasks: []\n").schedule == .interval(TimeSpan(seconds: 1800)))
        #expect(try Self.dag("dag_id: a\nschedule: null\ntasks: []\n").schedule == .none)
    }

    @Test("deprecated trigger rule aliases are accepted")
    func aliases() throws {
        let dag = try Self.dag("dag_id: a\ntasks:\n  - {task_id: t, empty: true, trigger_rule: none_failed_or_skipped}\n")
        #expect(dag.task("t")?.triggerRule == .noneFailedMinOneSuccess)
    }

    @Test("unknown keys are caught in default_args, groups and expand")
    func unknownKeysEverywhere() {
        #expect(Self.codes("dag_id: a\ndefault_args: {retrys: 1}\ntasks: []\n") == [.unknownKey])
        #expect(Self.codes("dag_id: a\ntasks:\n  - {group_id: g, tasks: [], colour: red}\n") == [.unknownKey])
        #expect(Self.codes("dag_id: a\ntasks:\n  - {task_id: t, empty: true, expand: {items: [1], over: x}}\n") == [.unknownKey])
    }

    @Test("two kinds on one task, and a value of the wrong shape")
    func shapes() {
        #expect(Self.codes("dag_id: a\ntasks:\n  - {task_id: t, empty: true, bash: echo}\n") == [.invalidTaskKind])
        #expect(Self.codes("dag_id: a\ntasks: {t: 1}\n") == [.invalidValue])
        #expect(Self.codes("dag_id: a\ntags: {a: 1}\ntasks: []\n") == [.invalidValue])
        #expect(Self.codes("dag_id: a\ntasks:\n  - {task_id: t, sensor: external_task, external_dag_id: u, allowed_states: [done]}\n") == [.invalidValue])
    }

    @Test("bad ids are rejected")
    func ids() {
        #expect(Self.codes("dag_id: a b\ntasks: []\n") == [.invalidId])
        #expect(Self.codes("dag_id: a\ntasks:\n  - {task_id: \"t/1\", empty: true}\n") == [.invalidId])
    }
}
