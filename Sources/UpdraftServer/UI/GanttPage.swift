import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `/dags/{dag_id}/gantt?run=R` (default: the newest run): one bar per task instance,
/// hatched from queued to start (hand-off gaps and pool waits), coloured by state from
/// start to end. Live: the page follows the DAG's event stream and fetches the chart again
/// when an instance of the shown run changes.
enum GanttPage {
    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        let (record, dag) = try await DagHeader.load(context, backend)
        // Read before the store: events after it reach the page through its stream.
        let since = max(await backend.events.lastSequence, 1)
        let chosen = request.uri.queryParameters["run"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let run: DagRunRecord?
        if let chosen {
            run = try await backend.requireRun(dagId: record.dagId, runId: chosen)
        } else {
            run = try await backend.store.dagRuns(dagId: record.dagId, states: nil, limit: 1).first
        }
        var h = DagHeader.html(record, dag, active: "gantt", viewer: viewer, run: run?.runId)
        guard let run else {
            h += "<p class=muted>No run yet.</p>"
            return UIPage.response(UIPage.render(title: "\(record.dagId) gantt", page: "gantt", dagId: record.dagId, viewer: viewer, body: h))
        }
        let model = GanttModel(instances: try await backend.store.taskInstances(dagId: record.dagId, runId: run.runId), now: backend.now())
        h += "<p id=gantt-head>Run <b>\(HTML.escape(run.runId))</b> (\(run.state.rawValue)): \(HTML.time(model.from)) → \(HTML.time(model.to)), "
            + "\(HTML.duration(model.to.timeIntervalSince(model.from))). Hatched: queued, waiting for a worker or a pool slot.</p>"
        h += UIPage.legend + "<div class=gantt id=gantt data-run=\"\(HTML.escape(run.runId))\">"
        func pct(_ v: Double) -> String { String(format: "%.3f%%", v * 100) }
        for bar in model.bars {
            let name = bar.taskId + (bar.mapIndex >= 0 ? " [\(bar.mapIndex)]" : "")
            let tip = "\(name): \(bar.state); queued \(APIWire.date(bar.queuedAt) ?? "–"), start \(APIWire.date(bar.startDate) ?? "–"), "
                + "end \(APIWire.date(bar.endDate) ?? "–") (UTC)"
            h += "<div class=row title=\"\(HTML.escape(tip))\"><span class=label>\(HTML.escape(name))</span><span class=track>"
            if let q = bar.queuedFrom {
                let until = bar.start ?? bar.end ?? q
                h += "<span class=q style=\"left:\(pct(q));width:\(pct(max(0, until - q)))\"></span>"
            }
            if let s = bar.start, let e = bar.end {
                h += "<span class=\"b \(StatePalette.cssClass(bar.state))\" style=\"left:\(pct(s));width:\(pct(max(0, e - s)))\"></span>"
            }
            h += "</span></div>"
        }
        if model.bars.isEmpty { h += "<p class=muted>No task instance has been queued yet.</p>" }
        h += "</div>"
        return UIPage.response(UIPage.render(title: "\(record.dagId) gantt", page: "gantt", dagId: record.dagId, since: since, viewer: viewer, body: h))
    }
}
