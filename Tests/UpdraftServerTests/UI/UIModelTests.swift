import Foundation
import Testing
@testable import UpdraftServer
import UpdraftCore
import UpdraftStore

/// The UI's decisions as values: grid rows and paging, mapped cells, the graph's layers,
/// the Gantt axis, the log tail window, HTML escaping.
@Suite("UI: models (no sockets)")
struct UIModelTests {
    static func dag(_ yaml: String) throws -> Dag {
        try DagFileParser.parse(yaml, file: "t.yml").get()
    }

    static let grouped = """
        dag_id: g
        tasks:
          - task_id: start
            empty: true
          - group_id: load
            tasks:
              - task_id: a
                empty: true
                upstream: [start]
              - group_id: inner
                tasks:
                  - task_id: b
                    empty: true
          - task_id: fan
            bash: "echo {{ item }}"
            expand: {items: [1, 2, 3]}
            upstream: [start]
          - task_id: end
            empty: true
            upstream: [load, fan]
        """

    @Test("grid rows: topological order, a group's header just before its tasks, mapped tasks flagged")
    func gridRows() throws {
        let model = GridModel(dag: try Self.dag(Self.grouped))
        #expect(model.rows.map(\.id) == ["start", "load", "load.a", "load.inner", "load.inner.b", "fan", "end"])
        #expect(model.rows[1].kind == .group && model.rows[3].kind == .group)
        #expect(model.rows.first { $0.id == "load.inner.b" }?.groups == ["load", "load.inner"])
        #expect(model.rows.first { $0.id == "fan" }?.kind == .task(mapped: true))
        #expect(model.rows.first { $0.id == "end" }?.kind == .task(mapped: false))
    }

    @Test("a page that starts inside a group repeats the group headers first")
    func gridPaging() throws {
        let model = GridModel(dag: try Self.dag(Self.grouped))
        #expect(model.page(offset: 4, limit: 2).map(\.id) == ["load", "load.inner", "load.inner.b", "fan"])
        #expect(model.page(offset: 0, limit: 2).map(\.id) == ["start", "load"])
        #expect(model.page(offset: 99, limit: 10).isEmpty)
    }

    @Test("a mapped task's cell folds its instances: any failure wins, all success is success")
    func mappedFold() {
        func ti(_ task: String, _ mi: Int, _ s: TaskInstanceState) -> TaskInstanceStateRow {
            TaskInstanceStateRow(runId: "r", taskId: task, mapIndex: mi, state: s)
        }
        let cells = GridModel.cells(states: [ti("m", 0, .success), ti("m", 1, .failed), ti("m", 2, .running), ti("n", 0, .success),
                                     ti("n", 1, .success), ti("p", -1, .queued)])
        #expect(cells["m"]?.state == .failed)
        #expect(cells["m"]?.mapped.count == 3)
        #expect(cells["n"]?.state == .success)
        #expect(cells["p"]?.state == .queued)
        #expect(StatePalette.fold([.success, .running]) == .running)
        #expect(StatePalette.fold([]) == nil)
    }

    @Test("graph layers are longest paths: every edge points right, no two nodes overlap, groups box their tasks")
    func graphLayers() throws {
        let dag = try Self.dag(Self.grouped)
        let order = try #require(dag.topologicalTaskIds())
        let layout = GraphLayout(order: order, upstream: Dictionary(uniqueKeysWithValues: dag.tasks.map { ($0.taskId, $0.upstreamIds) }),
                                 group: Dictionary(uniqueKeysWithValues: dag.tasks.compactMap { t in t.groupId.map { (t.taskId, $0) } }))
        let byId = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0) })
        #expect(byId["start"]?.layer == 0)
        #expect(byId["end"]?.layer == 2)
        for (s, t) in layout.edges { #expect(layout.nodes[s].x < layout.nodes[t].x) }
        let spots = Set(layout.nodes.map { "\($0.x),\($0.y)" })
        #expect(spots.count == layout.nodes.count)
        let box = try #require(layout.boxes.first { $0.groupId == "load" })
        let a = try #require(byId["load.a"])
        #expect(box.x <= a.x && box.y <= a.y && box.x + box.width >= a.x + GraphLayout.nodeWidth)
        #expect(layout.width >= 3 * GraphLayout.nodeWidth)
    }

    /// Whether two boxes' rectangles intersect.
    static func intersect(_ a: GraphLayout.Box, _ b: GraphLayout.Box) -> Bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
    }

    @Test("graph group boxes: apart from each other (labels included), nested ones inside their parent, no other group's task inside; the examples and interleaved groups")
    func graphBoxesApart() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
        var dags = try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".yml") && $0 != "pools.yml" }.sorted().map {
            try DagFileParser.parse(String(contentsOf: examples.appendingPathComponent($0), encoding: .utf8), file: $0).get()
        }
        // Two groups of two layers each, written so that the naive order interleaves them.
        dags.append(try Self.dag("""
            dag_id: interleaved
            tasks:
              - {task_id: root, empty: true}
              - group_id: p
                upstream: [root]
                tasks:
                  - {task_id: load, empty: true}
                  - {task_id: check, empty: true, upstream: [load]}
              - {task_id: loose, empty: true, upstream: [root]}
              - group_id: q
                upstream: [root]
                tasks:
                  - {task_id: load, empty: true}
                  - {task_id: check, empty: true, upstream: [load]}
              - {task_id: other, empty: true, upstream: [loose]}
            """))
        dags.append(try Self.dag(Self.grouped))
        #expect(dags.contains { $0.dagId == "datalake_ingest" })
        for dag in dags {
            let order = try #require(dag.topologicalTaskIds())
            let group = Dictionary(uniqueKeysWithValues: dag.tasks.compactMap { t in t.groupId.map { (t.taskId, $0) } })
            let layout = GraphLayout(order: order, upstream: Dictionary(uniqueKeysWithValues: dag.tasks.map { ($0.taskId, $0.upstreamIds) }), group: group)
            for (i, a) in layout.boxes.enumerated() {
                for b in layout.boxes[(i + 1)...] {
                    if b.groupId.hasPrefix(a.groupId + ".") || a.groupId.hasPrefix(b.groupId + ".") {
                        let (outer, inner) = a.groupId.count < b.groupId.count ? (a, b) : (b, a)
                        #expect(outer.x < inner.x && outer.y < inner.y && outer.x + outer.width > inner.x + inner.width
                                && outer.y + outer.height > inner.y + inner.height, "\(dag.dagId): \(inner.groupId) inside \(outer.groupId)")
                    } else {
                        #expect(!Self.intersect(a, b), "\(dag.dagId): boxes \(a.groupId) and \(b.groupId) overlap")
                    }
                }
                for node in layout.nodes {
                    let g = group[node.id]
                    let member = g == a.groupId || (g?.hasPrefix(a.groupId + ".") ?? false)
                    let inside = node.x < a.x + a.width && a.x < node.x + GraphLayout.nodeWidth && node.y < a.y + a.height && a.y < node.y + GraphLayout.nodeHeight
                    #expect(member == inside, "\(dag.dagId): \(node.id) \(member ? "outside" : "inside") box \(a.groupId)")
                    // The label (the box's top 18 points) is clear of its tasks.
                    if member { #expect(node.y >= a.y + 18, "\(dag.dagId): \(node.id) under the label of \(a.groupId)") }
                }
            }
            #expect(layout.nodes.allSatisfy { $0.y + GraphLayout.nodeHeight <= layout.height })
        }
    }

    @Test("graph ordering follows the parents: two chains side by side do not cross")
    func graphNoCrossing() {
        // a1 -> b2 and a2 -> b1, written so that the naive order crosses.
        let layout = GraphLayout(order: ["a1", "a2", "b1", "b2"], upstream: ["b1": ["a2"], "b2": ["a1"]])
        let y = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0.y) })
        #expect((y["a1"]! < y["a2"]!) == (y["b2"]! < y["b1"]!))
    }

    @Test("a 1,000-task DAG lays out with every edge pointing right")
    func graphLarge() {
        let order = (0..<1000).map { "t\($0)" }
        var upstream: [String: [String]] = [:]
        for i in 1..<1000 { upstream["t\(i)"] = ["t\((i - 1) / 3)"] }
        let layout = GraphLayout(order: order, upstream: upstream)
        #expect(layout.nodes.count == 1000 && layout.edges.count == 999)
        for (s, t) in layout.edges { #expect(layout.nodes[s].layer + 1 == layout.nodes[t].layer) }
    }

    @Test("gantt: the wait and the run as fractions of the run's span")
    func gantt() {
        let t0 = Date(timeIntervalSince1970: 1_000)
        var a = TaskInstanceRecord(id: TaskInstanceID(dagId: "d", runId: "r", taskId: "a"), state: .success, tryNumber: 1, maxTries: 1)
        a.queuedAt = t0; a.startDate = t0.addingTimeInterval(2); a.endDate = t0.addingTimeInterval(6)
        var b = TaskInstanceRecord(id: TaskInstanceID(dagId: "d", runId: "r", taskId: "b"), state: .running, tryNumber: 1, maxTries: 1)
        b.queuedAt = t0.addingTimeInterval(6); b.startDate = t0.addingTimeInterval(8)
        let never = TaskInstanceRecord(id: TaskInstanceID(dagId: "d", runId: "r", taskId: "c"), state: .none, tryNumber: 0, maxTries: 1)
        let model = GanttModel(instances: [b, never, a], now: t0.addingTimeInterval(10))
        #expect(model.bars.map(\.taskId) == ["a", "b"])
        #expect(model.bars[0].queuedFrom == 0 && model.bars[0].start == 0.2 && model.bars[0].end == 0.6)
        #expect(model.bars[1].start == 0.8 && model.bars[1].end == 1.0)
    }

    @Test("the log tail window: the last chunk, older chunks before it, clamped to the file")
    func logWindow() {
        #expect(LogTail.window(size: 50_000_000, before: nil) == (50_000_000 - LogTail.chunk)..<50_000_000)
        #expect(LogTail.window(size: 100, before: nil) == 0..<100)
        #expect(LogTail.window(size: 200_000, before: 70_000) == (70_000 - LogTail.chunk)..<70_000)
        #expect(LogTail.window(size: 10, before: 99) == 0..<10)
    }

    @Test("HTML escaping turns markup into text", arguments: [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("a\"b'c&d", "a&quot;b&#39;c&amp;d"),
        ("plain é", "plain é"),
    ])
    func escaping(input: String, expected: String) {
        #expect(HTML.escape(input) == expected)
    }

    @Test("trigger fields are typed from the params' defaults")
    func triggerFields() {
        let fields = TriggerPage.fields(["n": .int(3), "flag": .bool(true), "name": .string("x"), "ratio": .double(0.5), "list": .array([.int(1)])])
        #expect(fields.map(\.name) == ["flag", "list", "n", "name", "ratio"])
        #expect(fields.map(\.type) == ["bool", "json", "int", "string", "number"])
        #expect(fields[1].value == "[1]")
    }
}
