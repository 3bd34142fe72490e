import Foundation
import UpdraftCore

/// The text, JSON and DOT forms of a DAG printed by `updraft dags show`.
enum DagRendering {
    /// The JSON form: settings, tasks, edges.
    struct Summary: Codable, Equatable {
        struct Task: Codable, Equatable {
            var taskId: String
            var kind: String
            var upstream: [String]
            var group: String?
            var triggerRule: String
            var retries: Int
            var pool: String
            var mapped: Bool

            enum CodingKeys: String, CodingKey {
                case taskId = "task_id", kind, upstream, group, triggerRule = "trigger_rule", retries, pool, mapped
            }
        }
        var dagId: String
        var schedule: String
        var file: String?
        var tasks: [Task]
        var edges: [[String]]

        enum CodingKeys: String, CodingKey { case dagId = "dag_id", schedule, file, tasks, edges }

        init(_ dag: Dag) {
            dagId = dag.dagId
            schedule = dag.schedule.description
            file = dag.fileLocation
            tasks = dag.tasks.map {
                Task(taskId: $0.taskId, kind: $0.kind.name, upstream: $0.upstreamIds, group: $0.groupId,
                     triggerRule: $0.triggerRule.rawValue, retries: $0.retries, pool: $0.pool, mapped: $0.isMapped)
            }
            edges = DagRendering.edges(dag).map { [$0.0, $0.1] }
        }
    }

    /// Every edge (upstream, downstream), in task order.
    static func edges(_ dag: Dag) -> [(String, String)] {
        dag.tasks.flatMap { t in t.upstreamIds.map { ($0, t.taskId) } }
    }

    /// Readable text: a header, one line per task, one line per edge.
    static func text(_ dag: Dag) -> [String] {
        var lines = ["DAG \(dag.dagId)  schedule: \(dag.schedule)  file: \(dag.fileLocation ?? "-")"]
        if let d = dag.description { lines.append("  \(d)") }
        lines.append("tasks (\(dag.tasks.count)):")
        let rows = dag.tasks.map { t -> [String] in
            var notes: [String] = []
            if t.triggerRule != .allSuccess { notes.append("trigger_rule=\(t.triggerRule.rawValue)") }
            if t.retries > 0 { notes.append("retries=\(t.retries)") }
            if t.pool != "default_pool" { notes.append("pool=\(t.pool)") }
            if t.priorityWeight != 1 { notes.append("priority_weight=\(t.priorityWeight)") }
            if t.isMapped { notes.append("mapped") }
            return ["  " + t.taskId, "[\(t.kind.name)]", notes.joined(separator: " ")]
        }
        lines += TextTable.lines(rows)
        let edges = edges(dag)
        lines.append("edges (\(edges.count)):")
        lines += edges.map { "  \($0.0) >> \($0.1)" }
        return lines
    }

    /// Graphviz DOT: one node per task (shape by kind), clusters for task groups.
    static func dot(_ dag: Dag) -> String {
        var out = ["digraph \(quoted(dag.dagId)) {", "  rankdir=LR;", "  node [shape=box, style=rounded];"]
        let grouped = Set(dag.taskGroups.flatMap(\.taskIds))
        for t in dag.tasks where !grouped.contains(t.taskId) { out.append("  " + node(t)) }
        for (i, g) in dag.taskGroups.enumerated() where g.parentGroupId == nil {
            out += cluster(g, index: i, dag: dag, indent: "  ")
        }
        for (up, down) in edges(dag) { out.append("  \(quoted(up)) -> \(quoted(down));") }
        out.append("}")
        return out.joined(separator: "\n")
    }

    private static func cluster(_ g: TaskGroup, index: Int, dag: Dag, indent: String) -> [String] {
        var out = ["\(indent)subgraph \(quoted("cluster_" + g.groupId)) {", "\(indent)  label=\(quoted(g.groupId));"]
        let children = dag.taskGroups.enumerated().filter { $0.element.parentGroupId == g.groupId }
        let nested = Set(children.flatMap(\.element.taskIds))
        for t in dag.tasks where g.taskIds.contains(t.taskId) && !nested.contains(t.taskId) {
            out.append(indent + "  " + node(t))
        }
        for (i, child) in children { out += cluster(child, index: i, dag: dag, indent: indent + "  ") }
        out.append("\(indent)}")
        return out
    }

    private static func node(_ t: TaskSpec) -> String {
        let shape = switch t.kind {
        case .branch, .swiftBranch: "diamond"
        case .sensor: "ellipse"
        case .empty: "oval"
        default: "box"
        }
        return "\(quoted(t.taskId)) [shape=\(shape), label=\(quoted("\(t.taskId)\n\(t.kind.name)"))];"
    }

    /// `"text"` with quotes, backslashes and newlines escaped for DOT.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
