import Foundation
import Hummingbird
import UpdraftCore
import UpdraftStore

/// `/`: every DAG with its schedule, owner, tags (a filter), paused toggle, its last 25
/// runs as coloured squares and its next run; a search box; the import errors of the DAG
/// folder in a banner, each with its file:line. 100 DAGs a page (`?offset=&limit=`, as
/// Airflow pages its list); search and tags filter all of them.
enum DagsPage {
    /// Runs shown per DAG.
    static let recentRuns = 25
    /// DAGs per page by default (`?limit=`, up to 1,000; `?offset=` pages on).
    static let defaultLimit = 100

    /// One DAG's row, decided from its record and definition.
    struct Row: Sendable {
        var record: DagRecord
        var dag: Dag?
        /// Its runs and next run: read only for the DAGs on the page.
        var digest = DagRunDigest(recent: [], latestScheduled: nil)
        var next: Date?

        /// Owners of the DAG: its default owner, else every task's, deduplicated.
        var owners: [String] {
            if let owner = dag?.defaultArgs.owner { return [owner] }
            var seen: [String] = []
            for t in dag?.tasks ?? [] where !seen.contains(t.owner) { seen.append(t.owner) }
            return seen
        }

        /// The lower-cased text the search box matches (id, description, owners, tags).
        var searchText: String {
            ([record.dagId, dag?.description ?? ""] + owners + (dag?.tags ?? [])).joined(separator: " ").lowercased()
        }
    }

    /// Whether `row` passes the search `query` (any word order, every word must match) and the `tag`.
    static func matches(_ row: Row, query: String, tag: String?) -> Bool {
        if let tag, !(row.dag?.tags ?? []).contains(tag) { return false }
        let words = query.lowercased().split(separator: " ")
        let text = row.searchText
        return words.allSatisfy { text.contains($0) }
    }

    static func render(_ request: Request, _ context: BasicRequestContext, _ backend: APIBackend, _ viewer: UIViewer) async throws -> Response {
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        let tag = request.uri.queryParameters["tag"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let offset = try RequestInput.int(request, "offset", default: 0, in: 0...Int(Int32.max)) ?? 0
        let limit = try RequestInput.int(request, "limit", default: defaultLimit, in: 1...1_000) ?? defaultLimit
        let records = try await backend.store.dags().sorted { $0.dagId < $1.dagId }
        var rows: [Row] = []
        var allTags = Set<String>()
        for record in records {
            let dag = await backend.catalog.definition(of: record)
            allTags.formUnion(dag?.tags ?? [])
            rows.append(Row(record: record, dag: dag))
        }
        let matching = rows.filter { matches($0, query: query, tag: tag) }
        var shown = Array(matching.dropFirst(offset).prefix(limit))
        let digests = try await backend.store.runDigests(dagIds: shown.map(\.record.dagId), limit: recentRuns)
        for i in shown.indices {
            shown[i].digest = digests[shown[i].record.dagId] ?? shown[i].digest
            shown[i].next = shown[i].dag?.timetable.nextRun(
                after: shown[i].digest.latestScheduled.map { DataInterval(start: $0.dataIntervalStart, end: $0.dataIntervalEnd) },
                now: backend.now())?.logicalDate
        }
        let errors = try await backend.store.importErrors().sorted { $0.fileLocation < $1.fileLocation }

        var h = "<h1>DAGs <small>\(matching.count) of \(rows.count)</small></h1>"
        if !errors.isEmpty {
            h += "<div class=banner role=alert id=import-errors><b>\(errors.count) DAG file\(errors.count == 1 ? "" : "s") did not load:</b>"
            for e in errors { h += "<pre>\(HTML.escape(e.message.contains(e.fileLocation) ? e.message : e.fileLocation + ": " + e.message))</pre>" }
            h += "</div>"
        }
        h += "<form class=toolbar method=get action=\"/\"><input type=search id=q name=q placeholder=\"Search DAGs\" value=\"\(HTML.escape(query))\" aria-label=\"Search DAGs\">"
        if let tag { h += "<input type=hidden name=tag value=\"\(HTML.escape(tag))\">" }
        h += "<span>Tags:</span>"
        for t in allTags.sorted() {
            h += "<a class=tag href=\"/?tag=\(HTML.urlPart(t))\"\(t == tag ? " aria-current=true" : "")>\(HTML.escape(t))</a>"
        }
        if tag != nil || !query.isEmpty { h += "<a href=\"/\">clear filters</a>" }
        h += "</form>" + UIPage.legend
        h += "<table class=list id=dags><thead><tr><th>Active</th><th>DAG</th><th>Schedule</th><th>Owner</th><th>Tags</th>"
        h += "<th>Last \(recentRuns) runs</th><th>Next run</th><th></th></tr></thead><tbody>"
        for row in shown {
            let id = HTML.escape(row.record.dagId), path = "/dags/" + HTML.urlPart(row.record.dagId)
            h += "<tr data-dag=\"\(id)\" data-search=\"\(HTML.escape(row.searchText))\">"
            h += "<td><input type=checkbox class=pause data-dag=\"\(id)\" aria-label=\"\(id) active\"\(row.record.isPaused ? "" : " checked")\(viewer.canOperate ? "" : " disabled")></td>"
            h += "<td><a href=\"\(path)/grid\"><b>\(id)</b></a>"
            if let d = row.dag?.description { h += "<div class=muted>\(HTML.escape(d))</div>" }
            if row.dag == nil { h += "<div class=error>definition not readable</div>" }
            h += "</td><td><code>\(HTML.escape(row.dag?.schedule.description ?? "–"))</code></td>"
            h += "<td>\(HTML.escape(row.owners.joined(separator: ", ")))</td><td>"
            for t in row.dag?.tags ?? [] { h += "<a class=tag href=\"/?tag=\(HTML.urlPart(t))\">\(HTML.escape(t))</a>" }
            h += "</td><td class=runs>"
            for run in row.digest.recent.reversed() {
                h += "<a class=\"sq \(StatePalette.cssClass(run.state.rawValue))\" href=\"\(path)/grid?run=\(HTML.urlPart(run.runId))\" "
                    + "title=\"\(HTML.escape(run.runId)): \(run.state.rawValue)\" aria-label=\"run \(HTML.escape(run.runId)) \(run.state.rawValue)\"></a>"
            }
            h += "</td><td>\(HTML.time(row.next))</td><td><a href=\"\(path)/graph\">graph</a>"
            if viewer.canOperate { h += " · <a class=trigger href=\"\(path)/trigger\">trigger</a>" }
            h += "</td></tr>"
        }
        h += "</tbody></table>"
        if shown.isEmpty { h += "<p class=muted>No DAG matches.</p>" }
        if matching.count > limit || offset > 0 {
            var base = "/?limit=\(limit)"
            if !query.isEmpty { base += "&q=" + HTML.urlPart(query) }
            if let tag { base += "&tag=" + HTML.urlPart(tag) }
            h += "<p class=toolbar id=dag-pages>DAGs \(min(offset + 1, matching.count))–\(min(offset + limit, matching.count)) of \(matching.count)"
            if offset > 0 { h += " <a href=\"\(HTML.escape(base + "&offset=\(max(0, offset - limit))"))\">previous</a>" }
            if offset + limit < matching.count { h += " <a href=\"\(HTML.escape(base + "&offset=\(offset + limit)"))\" id=next-dags>next</a>" }
            h += "</p>"
        }
        return UIPage.response(UIPage.render(title: "DAGs", page: "dags", viewer: viewer, body: h))
    }
}
