import Hummingbird
import UpdraftCore
import UpdraftStore

/// The head of every page about one DAG: its id and description, and the tabs (grid,
/// graph, Gantt, and trigger for those who may).
enum DagHeader {
    static func html(_ record: DagRecord, _ dag: Dag?, active: String, viewer: UIViewer, run: String? = nil) -> String {
        let path = "/dags/" + HTML.urlPart(record.dagId)
        let runQuery = run.map { "?run=" + HTML.urlPart($0) } ?? ""
        var h = "<h1>\(HTML.escape(record.dagId))"
        if record.isPaused { h += " <small>(paused)</small>" }
        if let d = dag?.description { h += " <small id=description>\(HTML.escape(d))</small>" }
        h += "</h1><nav class=tabs>"
        var tabs = [("grid", "Grid", path + "/grid" + runQuery), ("graph", "Graph", path + "/graph" + runQuery),
                    ("gantt", "Gantt", path + "/gantt" + runQuery)]
        if viewer.canOperate { tabs.append(("trigger", "Trigger", path + "/trigger")) }
        for (key, label, href) in tabs {
            h += "<a href=\"\(href)\"\(key == active ? " class=on aria-current=page" : "")\(key == "trigger" ? " id=trigger-link" : "")>\(label)</a>"
        }
        h += "<span id=live class=live aria-live=polite></span></nav>"
        return h
    }

    /// The record and definition of the DAG in the path, or a 404 naming it.
    static func load(_ context: BasicRequestContext, _ backend: APIBackend) async throws -> (DagRecord, Dag?) {
        let record = try await backend.requireDag(try RequestInput.path(context, "dag_id"))
        return (record, await backend.catalog.definition(of: record))
    }
}

