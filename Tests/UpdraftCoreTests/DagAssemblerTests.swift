import Testing
import UpdraftCore

@Suite("Task groups: ids and edges as Airflow's TaskGroup")
struct DagAssemblerTests {
    static func t(_ id: String, _ up: [String] = []) -> DagNode { .task(TaskDraft(taskId: id, kind: .empty, upstream: up)) }

    static func upstream(_ a: DagAssembly) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: a.tasks.map { ($0.taskId, $0.upstreamIds) })
    }

    @Test("an edge into a group goes to its roots, an edge out of it comes from its leaves")
    func rootsAndLeaves() {
        let a = DagAssembler.assemble([
            Self.t("start"),
            .group(TaskGroupDraft(groupId: "g", upstream: ["start"], children: [
                Self.t("x"), Self.t("y", ["x"]), Self.t("z", ["x"]),
            ])),
            Self.t("end", ["g"]),
        ])
        #expect(a.errors.isEmpty)
        #expect(Self.upstream(a) == ["start": [], "g.x": ["start"], "g.y": ["g.x"], "g.z": ["g.x"], "end": ["g.y", "g.z"]])
    }

    @Test("nested groups: prefixes chain, inner group edges resolve inside the outer group")
    func nested() {
        let a = DagAssembler.assemble([
            .group(TaskGroupDraft(groupId: "outer", children: [
                Self.t("first"),
                .group(TaskGroupDraft(groupId: "inner", upstream: ["first"], children: [Self.t("a"), Self.t("b", ["a"])])),
                Self.t("last", ["inner"]),
            ])),
            Self.t("after", ["outer"]),
        ])
        #expect(a.errors.isEmpty)
        #expect(Self.upstream(a) == [
            "outer.first": [], "outer.inner.a": ["outer.first"], "outer.inner.b": ["outer.inner.a"],
            "outer.last": ["outer.inner.b"], "after": ["outer.last"],
        ])
        #expect(a.groups.map(\.groupId) == ["outer", "outer.inner"])
        #expect(a.groups[1].parentGroupId == "outer")
        #expect(a.groups[0].taskIds == ["outer.first", "outer.inner.a", "outer.inner.b", "outer.last"])
    }

    @Test("prefix_group_id false keeps plain ids; absolute ids resolve from inside a group")
    func noPrefix() {
        let a = DagAssembler.assemble([
            Self.t("top"),
            .group(TaskGroupDraft(groupId: "g", prefixGroupId: false, children: [Self.t("a", ["top"])])),
        ])
        #expect(Self.upstream(a) == ["top": [], "a": ["top"]])
        #expect(a.tasks[1].groupId == "g")
    }

    @Test("defaults layer: DAG, then group, then task")
    func layering() {
        var dagDefaults = TaskDefaults()
        dagDefaults.retries = 1
        dagDefaults.pool = "p1"
        dagDefaults.env = ["A": "dag", "B": "dag"]
        var groupDefaults = TaskDefaults()
        groupDefaults.pool = "p2"
        groupDefaults.env = ["B": "group"]
        var own = TaskDefaults()
        own.retries = 5
        let a = DagAssembler.assemble([
            .group(TaskGroupDraft(groupId: "g", defaultArgs: groupDefaults, children: [
                .task(TaskDraft(taskId: "t", kind: .empty, options: own)),
            ])),
        ], defaults: dagDefaults)
        let t = a.tasks[0]
        #expect(t.retries == 5 && t.pool == "p2" && t.env == ["A": "dag", "B": "group"] && t.queue == "default")
    }

    @Test("a group id clashing with a task id, and an unknown group upstream, are errors")
    func errors() {
        let a = DagAssembler.assemble([
            Self.t("g"),
            .group(TaskGroupDraft(groupId: "g", upstream: ["nowhere"], children: [Self.t("a")])),
        ])
        #expect(Set(a.errors.map(\.code)) == [.duplicateTaskId, .unknownUpstream])
    }

    @Test("unresolved upstream references are kept for validation to report")
    func unresolvedKept() {
        let a = DagAssembler.assemble([Self.t("a", ["ghost"])])
        #expect(a.tasks[0].upstreamIds == ["ghost"])
        #expect(a.errors.isEmpty)
    }
}

@Suite("Task groups: edge cases")
struct DagAssemblerEdgeTests {
    @Test("a task depending on its own group is reported as a cycle, not a hang")
    func ownGroup() throws {
        let text = """
            dag_id: x
            tasks:
              - group_id: g
                tasks:
                  - {task_id: a, empty: true}
                  - {task_id: b, empty: true, upstream: [a, g]}
            """
        guard case .failure(let e) = DagFileParser.parse(text, file: "g.yml") else {
            Issue.record("parsed without error")
            return
        }
        #expect(e.errors.map(\.code).contains(.cycle))
    }

    @Test("an edge between two sibling groups links leaves to roots")
    func siblingGroups() throws {
        let dag = try DagFileParser.parse("""
            dag_id: x
            tasks:
              - group_id: one
                tasks: [{task_id: a, empty: true}, {task_id: b, empty: true}]
              - group_id: two
                upstream: [one]
                tasks: [{task_id: c, empty: true}, {task_id: d, empty: true, upstream: c}]
            """, file: "s.yml").get()
        #expect(dag.task("two.c")?.upstreamIds == ["one.a", "one.b"])
        #expect(dag.task("two.d")?.upstreamIds == ["two.c"])
    }

    @Test("an empty group adds no edges")
    func emptyGroup() throws {
        let dag = try DagFileParser.parse("""
            dag_id: x
            tasks:
              - {group_id: nothing, tasks: []}
              - {task_id: a, empty: true, upstream: [nothing]}
            """, file: "e.yml").get()
        #expect(dag.task("a")?.upstreamIds == [])
    }
}
