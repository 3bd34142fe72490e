import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `/dags/{dag_id}/grid`: runs as columns (oldest left), tasks as rows (``GridModel``), one
/// coloured cell per task instance; a click opens the side panel (tries, log, XComs,
/// actions). The page follows `GET /api/v1/events?dag_id=D` (one stream per tab) and
/// recolours cells as events arrive. `?run=R` adds run R when it is older than the newest
/// 25 and marks its column; `?offset=&limit=` pages the rows (topological order).
enum GridPage {
    /// Runs shown.
    static let runs = 25
    /// Rows per page by default.
    static let defaultLimit = 1000

    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        let (record, dag) = try await DagHeader.load(context, backend)
        // Read before the store: events after it reach the page through its stream.
        let since = max(await backend.events.lastSequence, 1)
        let offset = try RequestInput.int(request, "offset", default: 0, in: 0...Int(Int32.max)) ?? 0
        let limit = try RequestInput.int(request, "limit", default: defaultLimit, in: 1...10_000) ?? defaultLimit
        let chosen = request.uri.queryParameters["run"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        var columns = try await backend.store.dagRuns(dagId: record.dagId, states: nil, limit: runs)
        if let chosen, !columns.contains(where: { $0.runId == chosen }) {
            columns.insert(try await backend.requireRun(dagId: record.dagId, runId: chosen), at: 0)
        }
        columns.reverse()
        let states = try await backend.store.taskInstanceStates(dagId: record.dagId, runIds: columns.map(\.runId))
        let cells = columns.map { GridModel.cells(states: states[$0.runId] ?? []) }
        let model: GridModel
        if let dag {
            model = GridModel(dag: dag)
        } else {
            // No readable definition: the task ids the runs have, by name.
            let ids = Set(cells.flatMap(\.keys)).sorted()
            model = GridModel(dag: Dag(dagId: record.dagId, tasks: ids.map { TaskSpec(taskId: $0, kind: .empty) }))
        }
        let rows = model.page(offset: offset, limit: limit)
        var mapCount: [String: Int] = [:]
        for cell in cells { for (task, c) in cell where !c.mapped.isEmpty { mapCount[task] = max(mapCount[task] ?? 0, (c.mapped.keys.max() ?? -1) + 1) } }

        var h = DagHeader.html(record, dag, active: "grid", viewer: viewer, run: chosen)
        h += UIPage.legend
        let total = model.rows.count
        if total > limit || offset > 0 {
            let base = "/dags/\(HTML.urlPart(record.dagId))/grid?limit=\(limit)" + (chosen.map { "&run=" + HTML.urlPart($0) } ?? "")
            h += "<p class=toolbar>rows \(min(offset + 1, total))–\(min(offset + limit, total)) of \(total) (topological order)"
            if offset > 0 { h += " <a href=\"\(base)&offset=\(max(0, offset - limit))\">previous</a>" }
            if offset + limit < total { h += " <a href=\"\(base)&offset=\(offset + limit)\" id=next-rows>next</a>" }
            h += "</p>"
        }
        h += "<div class=wrap><div class=gridbox><table class=grid id=grid tabindex=0 aria-label=\"task instances: arrows move, Enter opens\">"
        h += "<thead><tr><th></th>"
        for run in columns {
            let label = ISOTimestamp.format(run.logicalDate, in: TimeZone.utcZone).prefix(16).replacingOccurrences(of: "T", with: " ")
            h += "<th data-run=\"\(HTML.escape(run.runId))\" class=\"\(StatePalette.cssClass(run.state.rawValue))\(run.runId == chosen ? " cur" : "")\" "
                + "title=\"\(HTML.escape(run.runId)) · \(run.state.rawValue)\"><a href=\"?run=\(HTML.urlPart(run.runId))\">\(HTML.escape(label))</a></th>"
        }
        h += "</tr></thead><tbody>"
        for row in rows {
            let inGroups = row.groups.isEmpty ? "" : " data-in=\"\(HTML.escape(row.groups.joined(separator: " ")))\""
            let indent = row.depth > 0 ? " class=ind\(min(row.depth, 3))" : ""
            switch row.kind {
            case .group:
                h += "<tr class=grp data-g=\"\(HTML.escape(row.id))\"\(inGroups)><th\(indent)><button type=button aria-expanded=true "
                    + "aria-label=\"collapse or expand group\">▾</button>\(HTML.escape(row.id))</th></tr>"
            case .task(let mapped):
                let id = HTML.escape(row.id)
                let count = mapCount[row.id] ?? 0
                h += "<tr data-t=\"\(id)\"\(inGroups)\(mapped ? " data-mapped=1" : "")><th\(indent)>"
                if mapped { h += "<button type=button class=mx aria-expanded=false aria-label=\"show mapped instances\">▸</button>" }
                h += id
                if mapped { h += " <span class=muted>[\(count)]</span>" }
                h += "</th>"
                for cell in cells { h += td(cell[row.id]?.state) }
                h += "</tr>"
                if mapped, count > 0 {
                    let childIndent = " class=ind\(min(row.depth + 1, 3))"
                    for i in 0..<count {
                        h += "<tr data-t=\"\(id)\" data-mi=\"\(i)\"\(inGroups) hidden><th\(childIndent)>\(id) [\(i)]</th>"
                        for cell in cells { h += td(cell[row.id]?.mapped[i]) }
                        h += "</tr>"
                    }
                }
            }
        }
        h += "</tbody></table></div>" + panel(viewer) + "</div>"
        return UIPage.response(UIPage.render(title: "\(record.dagId) grid", page: "grid", dagId: record.dagId, since: since, viewer: viewer, body: h))
    }

    /// One cell: its state class only (closing tag omitted, as HTML allows: 1,000 × 25 cells).
    static func td(_ state: TaskInstanceState?) -> String {
        guard let state else { return "<td>" }
        return "<td class=\(StatePalette.cssClass(state.rawValue))>"
    }

    /// The side panel (filled by the script).
    static func panel(_ viewer: UIViewer) -> String {
        var h = "<aside class=panel id=panel hidden aria-live=polite><button type=button id=p-close aria-label=close style=\"float:right\">×</button>"
        h += "<h2 id=p-title></h2><div class=muted id=p-run></div><p>State: <span id=p-state class=\"sq-label\"></span></p>"
        h += "<div id=p-actions hidden><label><input type=checkbox id=p-down checked> downstream</label> "
        h += "<label><input type=checkbox id=p-up> upstream</label> <button type=button id=p-clear>Clear</button>"
        if UIRoutes.hasMarkRoute {
            h += " <button type=button data-mark=success>Mark success</button> <button type=button data-mark=failed>Mark failed</button>"
        }
        h += " <span id=p-msg></span></div>"
        h += "<h3>Tries</h3><div id=p-tries></div><h3>Log</h3><button type=button id=p-older hidden>Load older</button>"
        h += "<pre class=log id=p-log tabindex=0></pre><h3>XCom</h3><div id=p-xcom></div></aside>"
        return h
    }
}
