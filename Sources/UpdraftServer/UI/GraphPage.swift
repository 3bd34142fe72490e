import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `/dags/{dag_id}/graph?run=R`: the DAG's tasks and edges left to right in layers
/// (``GraphLayout``, computed here), task groups boxed, drawn as SVG; nodes coloured by
/// their state in run R (default: the newest run), kept live by the event stream.
enum GraphPage {
    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        let (record, dag) = try await DagHeader.load(context, backend)
        // Read before the store: events after it reach the page through its stream.
        let since = max(await backend.events.lastSequence, 1)
        guard let dag else {
            throw APIProblem.conflict("DAG '\(record.dagId)' has no readable definition (file \(record.fileLocation ?? "unknown")): no graph to draw")
        }
        let chosen = request.uri.queryParameters["run"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let run: DagRunRecord?
        if let chosen {
            run = try await backend.requireRun(dagId: record.dagId, runId: chosen)
        } else {
            run = try await backend.store.dagRuns(dagId: record.dagId, states: nil, limit: 1).first
        }
        var states: [String: GridModel.Cell] = [:]
        if let run { states = GridModel.cells(states: try await backend.store.taskInstanceStates(dagId: record.dagId, runIds: [run.runId])[run.runId] ?? []) }
        let order = dag.topologicalTaskIds() ?? dag.tasks.map(\.taskId)
        let layout = GraphLayout(order: order, upstream: Dictionary(dag.tasks.map { ($0.taskId, $0.upstreamIds) }, uniquingKeysWith: { a, _ in a }),
                                 group: Dictionary(dag.tasks.compactMap { t in t.groupId.map { (t.taskId, $0) } }, uniquingKeysWith: { a, _ in a }))
        var h = DagHeader.html(record, dag, active: "graph", viewer: viewer, run: run?.runId)
        h += "<p class=muted>Run: " + (run.map { "<b id=graph-run>\(HTML.escape($0.runId))</b> (\($0.state.rawValue))" } ?? "none yet") + "</p>"
        h += UIPage.legend
        h += svg(layout, dagId: record.dagId, run: run?.runId, states: states, mapped: Set(dag.tasks.filter(\.isMapped).map(\.taskId)))
        return UIPage.response(UIPage.render(title: "\(record.dagId) graph", page: "graph", dagId: record.dagId, since: since, viewer: viewer, body: h))
    }

    /// The SVG of `layout`.
    static func svg(_ layout: GraphLayout, dagId: String, run: String?, states: [String: GridModel.Cell], mapped: Set<String>) -> String {
        let w = GraphLayout.nodeWidth, nh = GraphLayout.nodeHeight
        func f(_ v: Double) -> String { String(Int(v.rounded())) }
        var h = "<div class=gridbox><svg class=graph role=img aria-label=\"task graph\" width=\"\(f(layout.width))\" height=\"\(f(layout.height))\" "
            + "viewBox=\"0 0 \(f(layout.width)) \(f(layout.height))\"\(run.map { " data-run=\"\(HTML.escape($0))\"" } ?? "")>"
        for box in layout.boxes {
            h += "<rect class=box x=\"\(f(box.x))\" y=\"\(f(box.y))\" width=\"\(f(box.width))\" height=\"\(f(box.height))\" rx=6></rect>"
                + "<text x=\"\(f(box.x + 6))\" y=\"\(f(box.y + 12))\" class=muted>\(HTML.escape(box.groupId))</text>"
        }
        h += "<g>"
        for (s, t) in layout.edges {
            let a = layout.nodes[s], b = layout.nodes[t]
            let x1 = a.x + w, y1 = a.y + nh / 2, x2 = b.x, y2 = b.y + nh / 2, mx = (x1 + x2) / 2
            h += "<path d=\"M\(f(x1)) \(f(y1)) C\(f(mx)) \(f(y1)) \(f(mx)) \(f(y2)) \(f(x2)) \(f(y2))\"></path>"
        }
        h += "</g>"
        let base = "/dags/\(HTML.urlPart(dagId))/grid" + (run.map { "?run=" + HTML.urlPart($0) } ?? "")
        for node in layout.nodes {
            let state = states[node.id]?.state
            let label = node.id + (mapped.contains(node.id) ? " [\(states[node.id]?.mapped.count ?? 0)]" : "")
            h += "<g class=\"node \(StatePalette.cssClass(state?.rawValue))\" data-t=\"\(HTML.escape(node.id))\" data-href=\"\(HTML.escape(base))\" tabindex=0 role=link "
                + "aria-label=\"\(HTML.escape(node.id)): \(state?.rawValue ?? "no state")\">"
                + "<rect x=\"\(f(node.x))\" y=\"\(f(node.y))\" width=\"\(f(w))\" height=\"\(f(nh))\" rx=4></rect>"
                + "<rect class=st x=\"\(f(node.x))\" y=\"\(f(node.y))\" width=6 height=\"\(f(nh))\"></rect>"
                + "<text x=\"\(f(node.x + 12))\" y=\"\(f(node.y + 19))\">\(HTML.escape(String(label.prefix(24))))</text>"
                + "<title>\(HTML.escape(node.id)): \(state?.rawValue ?? "no state")</title></g>"
        }
        return h + "</svg></div>"
    }
}
