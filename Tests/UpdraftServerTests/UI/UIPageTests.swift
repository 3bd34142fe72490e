import Foundation
import Testing
@testable import UpdraftServer
import UpdraftCore
import UpdraftStore

/// The pages over a real server and store (``APIFixture``): what each shows, escaping,
/// error pages for bad input, login and roles.
@Suite("UI: pages over HTTP")
struct UIPageTests {
    @Test("the DAGs page lists every DAG with schedule, tags, paused state, run squares and the import-error banner")
    func dagsPage() async throws {
        try await withAPI { _, client in
            let page = try await client.ui.get("/")
            #expect(page.status == 200 && page.type.hasPrefix("text/html"))
            #expect(page.text.contains("data-dag=\"etl\"") && page.text.contains("data-dag=\"idle\""))
            #expect(page.text.contains("<code>@daily</code>"))
            #expect(page.text.contains("href=\"/?tag=etl\""))
            #expect(page.text.contains("class=\"sq s-success\" href=\"/dags/etl/grid?run=scheduled__2026-11-01T00%3A00%3A00%2B00%3A00\""))
            #expect(page.text.contains("id=import-errors") && page.text.contains("broken.yml:3:1: error: unknown key &#39;tsks&#39;"))
            // idle is paused: its toggle is not checked; etl's is.
            #expect(page.text.contains("data-dag=\"idle\" aria-label=\"idle active\">"))
            #expect(page.text.contains("data-dag=\"etl\" aria-label=\"etl active\" checked>"))
            let filtered = try await client.ui.get("/?tag=other")
            #expect(filtered.text.contains("data-dag=\"idle\"") && !filtered.text.contains("data-dag=\"etl\""))
            let searched = try await client.ui.get("/?q=transform%20nothing")
            #expect(!searched.text.contains("<tr data-dag=\"etl\"") && searched.text.contains("0 of 2"))
            let described = try await client.ui.get("/?q=extract")
            #expect(described.text.contains("<tr data-dag=\"etl\"") && described.text.contains("1 of 2"))
            // Pages of DAGs (sorted by id: etl, idle); filters apply to all of them before paging.
            let first = try await client.ui.get("/?limit=1")
            #expect(first.text.contains("<tr data-dag=\"etl\"") && !first.text.contains("<tr data-dag=\"idle\""))
            #expect(first.text.contains("DAGs 1–1 of 2") && first.text.contains("href=\"/?limit=1&amp;offset=1\" id=next-dags"))
            let second = try await client.ui.get("/?limit=1&offset=1")
            #expect(second.text.contains("<tr data-dag=\"idle\"") && !second.text.contains("<tr data-dag=\"etl\"") && !second.text.contains("id=next-dags"))
            let tagged = try await client.ui.get("/?limit=1&tag=other")
            #expect(tagged.text.contains("<tr data-dag=\"idle\"") && !tagged.text.contains("id=dag-pages"))
        }
    }

    @Test("the grid shows runs as columns (oldest left) and a coloured cell per task instance")
    func gridPage() async throws {
        try await withAPI { _, client in
            let page = try await client.ui.get("/dags/etl/grid")
            #expect(page.status == 200)
            let finished = try #require(page.text.range(of: "data-run=\"\(APIFixture.finishedRun)\""))
            let running = try #require(page.text.range(of: "data-run=\"\(APIFixture.runningRun)\""))
            #expect(finished.lowerBound < running.lowerBound)
            #expect(page.text.contains("<tr data-t=\"load\"><th>load</th><td class=s-failed><td class=s-none>"))
            #expect(page.text.contains("<tr data-t=\"extract\"><th>extract</th><td class=s-success><td class=s-running>"))
            #expect(page.text.contains("id=panel"))
            let paged = try await client.ui.get("/dags/etl/grid?limit=2&offset=2")
            #expect(paged.text.contains("rows 3–4 of 4") && !paged.text.contains("<tr data-t=\"extract\""))
        }
    }

    @Test("graph, gantt, trigger, pools and variables pages render their content")
    func otherPages() async throws {
        try await withAPI { fixture, client in
            let graph = try await client.ui.get("/dags/etl/graph?run=\(APIFixture.finishedRun.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(graph.status == 200 && graph.text.contains("<svg class=graph"))
            #expect(graph.text.components(separatedBy: "<g class=\"node ").count - 1 == 4)
            #expect(graph.text.components(separatedBy: "<path d=").count - 1 == 3)
            #expect(graph.text.contains("<g class=\"node s-failed\" data-t=\"load\""))
            let gantt = try await client.ui.get("/dags/etl/gantt?run=\(APIFixture.finishedRun.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(gantt.status == 200 && gantt.text.contains("id=gantt"))
            let trigger = try await client.ui.get("/dags/etl/trigger")
            #expect(trigger.status == 200 && trigger.text.contains("id=trigger-submit") && trigger.text.contains("name=conf"))
            try await fixture.store.setVariable("db_password", "hunter2-secret")
            try await fixture.store.setVariable("region", "eu-west")
            try await fixture.store.setVariable("report_code", "rc-marked-42", sensitive: true)
            let variables = try await client.ui.get("/variables")
            #expect(variables.text.contains("eu-west") && variables.text.contains("***") && !variables.text.contains("hunter2"))
            #expect(variables.text.contains("report_code") && !variables.text.contains("rc-marked-42"))
            let pools = try await client.ui.get("/pools")
            #expect(pools.text.contains("default_pool"))
            let css = try await client.ui.get("/ui/app.css"), js = try await client.ui.get("/ui/app.js")
            #expect(css.type.hasPrefix("text/css") && css.text.contains(".s-failed{--c:"))
            #expect(js.type.hasPrefix("text/javascript") && js.text.contains("new EventSource(\"/api/v1/events?dag_id=\""))
        }
    }

    @Test("bad input gets a clear HTML error page, never a 500", arguments: [
        ("/dags/etk/grid", 404, "no DAG &#39;etk&#39; in the metadata store (did you mean &#39;etl&#39;?)"),
        ("/dags/etl/grid?limit=lots", 400, "query parameter &#39;limit&#39; must be an integer"),
        ("/dags/etl/graph?run=nope", 404, "DAG &#39;etl&#39; has no run &#39;nope&#39;"),
        ("/dags/etl/gantt?run=nope", 404, "has no run"),
        ("/dags/nope/trigger", 404, "no DAG"),
        ("/dags/etl/grid?offset=-1", 400, "offset"),
        ("/?limit=0", 400, "limit"),
        ("/?offset=x", 400, "offset"),
    ])
    func errorPages(path: String, status: Int, detail: String) async throws {
        try await withAPI { _, client in
            let page = try await client.ui.get(path)
            #expect(page.status == status, "\(page.text.prefix(300))")
            #expect(page.type.hasPrefix("text/html"))
            #expect(page.text.contains(detail), "\(page.text)")
        }
    }

    @Test("a DAG id, description and log line holding <script> reach the page as text")
    func escaping() async throws {
        try await withAPI { fixture, client in
            let evil = "<script>alert(1)</script>"
            let file = fixture.home.dagsFolder.appendingPathComponent("evil.yml")
            try "dag_id: evil\ndescription: \"\(evil)\"\ntasks:\n  - task_id: t\n    empty: true\n".write(to: file, atomically: true, encoding: .utf8)
            try await fixture.store.syncDags([DagRecord(dagId: evil, fileLocation: nil, lastParsedAt: nil),
                                              DagRecord(dagId: "evil", fileLocation: file.path, lastParsedAt: APIFixture.now)])
            let list = try await client.ui.get("/")
            #expect(!list.text.contains(evil))
            #expect(list.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            let grid = try await client.ui.get("/dags/evil/grid")
            #expect(grid.status == 200 && !grid.text.contains(evil) && grid.text.contains("&lt;script&gt;"))
            let notFound = try await client.ui.get("/dags/%3Cscript%3Ealert(2)%3C%2Fscript%3E/grid?x=1")
            #expect(!notFound.text.contains("<script>alert(2)"))
            // A log line: the tail route answers JSON (the script shows it with textContent).
            let id = TaskInstanceID(dagId: "etl", runId: APIFixture.finishedRun, taskId: "extract")
            try "line \(evil)\n".write(to: fixture.home.logFile(for: id, tryNumber: 1), atomically: true, encoding: .utf8)
            let run = APIFixture.finishedRun.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let tail = try await client.ui.get("/ui/log?dag_id=etl&run_id=\(run)&task_id=extract&try=1")
            #expect(tail.type.hasPrefix("application/json") && tail.text.contains("line <script>alert(1)"))
        }
    }

    @Test("the log tail route: the last bytes, older ones before an offset, 404 for a try never made")
    func logTail() async throws {
        try await withAPI { fixture, client in
            let id = TaskInstanceID(dagId: "etl", runId: APIFixture.finishedRun, taskId: "extract")
            let big = (0..<20_000).map { "line \($0)\n" }.joined()
            try big.write(to: fixture.home.logFile(for: id, tryNumber: 2), atomically: true, encoding: .utf8)
            let run = APIFixture.finishedRun.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let base = "/ui/log?dag_id=etl&run_id=\(run)&task_id=extract&try=2"
            let tail = try await client.ui.get(base)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(tail.text.utf8)) as? [String: Any])
            #expect(json["size"] as? Int == big.utf8.count && json["end"] as? Int == big.utf8.count)
            #expect(json["start"] as? Int == big.utf8.count - LogTail.chunk)
            #expect((json["content"] as? String)?.hasSuffix("line 19999\n") == true)
            let older = try await client.ui.get(base + "&before=\(big.utf8.count - LogTail.chunk)")
            let olderJSON = try #require(try JSONSerialization.jsonObject(with: Data(older.text.utf8)) as? [String: Any])
            #expect(olderJSON["end"] as? Int == big.utf8.count - LogTail.chunk)
            let none = try await client.ui.get("/ui/log?dag_id=etl&run_id=\(run)&task_id=extract&try=9")
            #expect(none.status == 404)
            let climb = try await client.ui.get("/ui/log?dag_id=..&run_id=\(run)&task_id=extract&try=1")
            #expect(climb.status == 400)
        }
    }

    @Test("with auth on: a browser without a session gets the login page; a viewer sees no trigger; an operator does")
    func rolesAndLogin() async throws {
        try await withAPI(auth: .users) { fixture, client in
            _ = try await AuthSeed.seed(fixture.store)
            let anonymous = try await client.ui.get("/")
            #expect(anonymous.status == 401 && anonymous.text.contains("id=login") && !anonymous.text.contains("data-dag=\"etl\""))
            let grid = try await client.ui.get("/dags/etl/grid")
            #expect(grid.status == 401 && grid.text.contains("id=login"))
            let tail = try await client.ui.get("/ui/log?dag_id=etl&run_id=x&task_id=extract")
            #expect(tail.status == 401)

            let (vera, _, answer) = try await client.login("vera")
            #expect(answer.headers["set-cookie"]?.contains("Path=/;") == true)
            let viewerList = try await vera.ui.get("/")
            #expect(viewerList.status == 200 && viewerList.text.contains("data-role=\"viewer\""))
            #expect(!viewerList.text.contains("class=trigger") && viewerList.text.contains(" disabled>"))
            let viewerGrid = try await vera.ui.get("/dags/etl/grid")
            #expect(!viewerGrid.text.contains("id=trigger-link"))
            let viewerTrigger = try await vera.ui.get("/dags/etl/trigger")
            #expect(viewerTrigger.status == 403 && viewerTrigger.text.contains("needs operator"))
            let refused = try await vera.post("/dags/etl/dagRuns", "{}")
            #expect(refused.status == 403)

            let (otto, _, _) = try await client.login("otto")
            let operatorList = try await otto.ui.get("/")
            #expect(operatorList.text.contains("class=trigger href=\"/dags/etl/trigger\"") && !operatorList.text.contains(" disabled>"))
            let loginAgain = try await otto.ui.get("/login")
            // 303 to "/" (followed by some URLSession versions): not the login form again.
            #expect((loginAgain.status == 303 && loginAgain.location == "/") || (loginAgain.status == 200 && loginAgain.text.contains("data-page=\"dags\"")))
        }
    }
}
