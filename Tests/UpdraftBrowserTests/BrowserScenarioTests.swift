import Foundation
import UpdraftBrowser
import Testing

/// The web UI in a real headless Chromium (Debian's `chromium` + `chromium-driver`, driven
/// over WebDriver) against a real `updraft standalone` running the examples with
/// authentication on. One scenario walks through the issue's steps in order; a screenshot
/// of each page goes to the output folder it prints. A Chromium that cannot start fails
/// the test.
@Suite("Browser: the web UI in headless Chromium", .serialized)
struct BrowserScenarioTests {
    /// The examples plus a DAG whose description and log line hold `<script>`.
    static func dagsFolder(in folder: String) throws -> String {
        let fm = FileManager.default
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let dags = folder + "/dags"
        try fm.createDirectory(atPath: dags, withIntermediateDirectories: true)
        for name in try fm.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".yml") {
            try fm.copyItem(atPath: examples.appendingPathComponent(name).path, toPath: dags + "/" + name)
        }
        try """
            dag_id: xss_check
            description: "<script>window.__xss = 1</script> shown as text"
            schedule: "@hourly"
            start_date: 2026-01-01
            catchup: false
            tags: [example]
            tasks:
              - task_id: say
                bash: "echo '<script>window.__xss = 2</script>'"
            """.write(toFile: dags + "/xss_check.yml", atomically: true, encoding: .utf8)
        return dags
    }

    /// The class of the grid cell of run `run`, task `task` (its summary row when mapped).
    static let cellClass = """
        const cols=[...document.querySelectorAll('#grid thead th[data-run]')].map(t=>t.dataset.run);
        const i=cols.indexOf(arguments[0]);
        const tr=[...document.querySelectorAll('#grid tbody tr[data-t]')].find(r=>r.dataset.t===arguments[1]&&r.dataset.mi===undefined);
        return tr&&i>=0?tr.querySelectorAll('td')[i].className:null;
        """

    /// Clicks that cell.
    static let clickCell = """
        const cols=[...document.querySelectorAll('#grid thead th[data-run]')].map(t=>t.dataset.run);
        const i=cols.indexOf(arguments[0]);
        const tr=[...document.querySelectorAll('#grid tbody tr[data-t]')].find(r=>r.dataset.t===arguments[1]&&r.dataset.mi===undefined);
        tr.querySelectorAll('td')[i].click(); return true;
        """

    /// The state column of the last row of the panel's tries table.
    static let latestTryState = "return (function(){const rows=[...document.querySelectorAll('#p-tries tr[data-try]')];return rows.length?rows[rows.length-1].children[1].textContent:null;})()"

    func log(_ text: String) { print("[browser] \(text)") }

    /// `text` as a JavaScript string literal.
    static func jsString(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    @Test("log in, DAG list, trigger fanout_tables and watch it turn green live, read flaky_retry's failed try, clear a task, viewer, <script> as text")
    func scenarios() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-browser-\(UUID().uuidString.prefix(8))").path
        let shots = folder + "/screenshots"
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        print("[browser] output folder (screenshots, logs): \(folder)")
        let standalone = try await Standalone.start(dagsFolder: try Self.dagsFolder(in: folder), folder: folder)
        let browser: WebDriver
        do {
            browser = try await WebDriver.start(logFolder: folder)
        } catch {
            await standalone.stop()
            throw error
        }
        do {
            try await walk(browser, standalone.url, shots)
        } catch {
            try? await browser.screenshot(to: shots + "/failure.png")
            await browser.quit()
            await standalone.stop()
            throw error
        }
        await browser.quit()
        await standalone.stop()
    }

    func walk(_ b: WebDriver, _ url: String, _ shots: String) async throws {
        // 1. Log in (auth is on: the first page is the login form).
        try await b.open(url + "/")
        try await b.wait("the login form", "return !!document.querySelector('#login')")
        try await b.screenshot(to: shots + "/login.png")
        try await b.type("#username", "otto")
        try await b.type("#password", Standalone.password("otto"))
        try await b.click("#login button[type=submit]")
        try await b.wait("the DAG list", "return !!document.querySelector('tr[data-dag=\"fanout_tables\"]')")
        log("logged in as otto (operator)")

        // 2. The DAG list shows the examples.
        let ids = try await b.run("return [...document.querySelectorAll('#dags tbody tr[data-dag]')].map(r=>r.dataset.dag)") as? [String] ?? []
        for id in ["branch_weekday", "daily_report", "datalake_ingest", "fanout_tables", "flaky_retry", "hello_every_minute",
                   "linked_consumer", "linked_producer", "xss_check"] {
            #expect(ids.contains(id), "DAG list lacks \(id): \(ids)")
        }
        #expect(try await b.run("return !!document.querySelector('a.trigger')") as? Bool == true)
        // <script> in a description is text, and never ran.
        let description = try await b.run("return document.querySelector('tr[data-dag=\"xss_check\"] .muted').textContent") as? String
        #expect(description == "<script>window.__xss = 1</script> shown as text")
        #expect(try await b.run("return window.__xss === undefined") as? Bool == true)
        try await b.wait("run squares", timeout: .seconds(30), "return document.querySelectorAll('#dags .runs .sq').length >= 5")
        try await b.screenshot(to: shots + "/dags.png")
        log("DAG list: \(ids.count) DAGs")

        // 3. Trigger fanout_tables from the form; the grid of the new run turns green without a reload.
        try await b.open(url + "/dags/fanout_tables/trigger")
        try await b.wait("the trigger form", "return !!document.querySelector('#trigger-submit')")
        try await b.screenshot(to: shots + "/trigger.png")
        try await b.click("#trigger-submit")
        let gridURL = try await b.wait("the grid of the new run", "return location.pathname.endsWith('/grid') && location.search.includes('run=') ? location.href : ''") as? String ?? ""
        let runId = URLComponents(string: gridURL)?.queryItems?.first { $0.name == "run" }?.value ?? ""
        #expect(runId.hasPrefix("manual__"), "run id \(runId)")
        try await b.wait("the grid", "return !!document.querySelector('#grid')")
        try await b.run("window.__marker = 42; return true")
        let before = try await b.run(Self.cellClass, [runId, "summary"]) as? String
        #expect(before != "s-success", "summary was already green at load: the test would prove nothing")
        try await b.wait("summary of \(runId) green", timeout: .seconds(60), "return (function(){\(Self.cellClass)}).apply(null, ['\(runId)', 'summary']) === 's-success'")
        for task in ["copy", "list_files", "check", "summary"] {
            #expect(try await b.run(Self.cellClass, [runId, task]) as? String == "s-success", "\(task) not green")
        }
        #expect(try await b.run("return window.__marker") as? Int == 42, "the page was reloaded")
        let applied = try await b.run("return window.__updraftApplied.filter(e=>e.run===arguments[0]).length", [runId]) as? Int ?? 0
        #expect(applied >= 10, "only \(applied) live events applied for the run")
        try await b.run("document.querySelector('tr[data-t=\"copy\"] button.mx').click(); return true")
        try await b.screenshot(to: shots + "/grid-fanout.png")
        let paints = try await b.run("return window.__updraftPaint") as? [Double] ?? []
        let sorted = paints.sorted()
        if !sorted.isEmpty { log("event-to-paint over \(sorted.count) events: p50 \(String(format: "%.1f", sorted[sorted.count / 2])) ms, max \(String(format: "%.1f", sorted.last!)) ms") }
        log("fanout_tables \(runId) went green live (\(applied) events)")

        // 4. Graph and Gantt of that run.
        let runQuery = runId.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? runId
        try await b.open(url + "/dags/fanout_tables/graph?run=\(runQuery)")
        try await b.wait("graph nodes", "return document.querySelectorAll('svg.graph g.node').length === 4")
        #expect(try await b.run("return [...document.querySelectorAll('svg.graph g.node')].every(n=>n.classList.contains('s-success'))") as? Bool == true)
        try await b.screenshot(to: shots + "/graph.png")
        try await b.open(url + "/dags/datalake_ingest/graph")
        try await b.wait("graph", "return document.querySelectorAll('svg.graph g.node').length > 5")
        try await b.screenshot(to: shots + "/graph-groups.png")
        try await b.open(url + "/dags/fanout_tables/gantt?run=\(runQuery)")
        try await b.wait("gantt bars", "return document.querySelectorAll('#gantt .b').length >= 9")
        try await b.screenshot(to: shots + "/gantt.png")

        // 5. flaky_retry: open its failed first try and read the log.
        try await b.open(url + "/dags/flaky_retry/grid")
        try await b.wait("the grid", "return !!document.querySelector('#grid')")
        let flakyRun = try await b.wait("a flaky_retry run whose flaky succeeded on its retry", timeout: .seconds(60), """
            const cols=[...document.querySelectorAll('#grid thead th[data-run]')].map(t=>t.dataset.run);
            const tr=document.querySelector('#grid tbody tr[data-t="flaky"]');
            const tds=[...tr.querySelectorAll('td')]; const i=tds.findIndex(td=>td.className==='s-success');
            return i>=0?cols[i]:'';
            """) as? String ?? ""
        try await b.run(Self.clickCell, [flakyRun, "flaky"])
        try await b.wait("the tries", "return !!document.querySelector('#p-tries button[data-try=\"1\"]')")
        try await b.click("#p-tries button[data-try=\"1\"]")
        try await b.wait("try 1's log", "return document.querySelector('#p-log').textContent.includes('failing on purpose')")
        let log1 = try await b.run("return document.querySelector('#p-log').textContent") as? String ?? ""
        #expect(log1.contains("try 1"))
        try await b.screenshot(to: shots + "/grid-flaky-try1-log.png")
        log("flaky_retry \(flakyRun): try 1 log read")

        // 6. Clear `report` of that run and watch it run again.
        try await b.run(Self.clickCell, [flakyRun, "report"])
        try await b.wait("report's panel", "return document.querySelector('#p-title').textContent === 'report' && document.querySelector('#p-state').textContent === 'success'")
        let mark = try await b.run("return window.__updraftApplied.length") as? Int ?? 0
        try await b.click("#p-clear")
        try await b.wait("the clear", "return document.querySelector('#p-msg').textContent.startsWith('cleared')")
        try await b.wait("report running again and succeeding", timeout: .seconds(60), """
            const seen=window.__updraftApplied.slice(\(mark)).filter(e=>e.run==='\(flakyRun)'&&e.task==='report').map(e=>e.state);
            return seen.includes('success') && seen.some(s=>s==='queued'||s==='running');
            """)
        try await b.wait("report's cell green again", timeout: .seconds(30),
                         "return (function(){\(Self.cellClass)}).apply(null, ['\(flakyRun)', 'report']).split(' ').includes('s-success')")
        try await b.screenshot(to: shots + "/grid-flaky-cleared.png")
        log("report cleared and ran again")

        // 6b. Once the run has finished again, mark `report` failed, then success: the cell follows.
        try await b.wait("the run finished again", timeout: .seconds(60), """
            const th=[...document.querySelectorAll('#grid thead th[data-run]')].find(t=>t.dataset.run==='\(flakyRun)');
            return !!th && th.classList.contains('s-success');
            """)
        try await b.run(Self.clickCell, [flakyRun, "report"])
        try await b.wait("report's panel", "return document.querySelector('#p-title').textContent === 'report'")
        try await b.click("button[data-mark=failed]")
        try await b.wait("marked failed", "return document.querySelector('#p-msg').textContent === 'marked failed'")
        try await b.wait("report's cell red", "return (function(){\(Self.cellClass)}).apply(null, ['\(flakyRun)', 'report']).split(' ').includes('s-failed')")
        // The panel's tries table follows the mark too (its latest try's state).
        try await b.wait("the latest try failed in the tries table", Self.latestTryState + " === 'failed'")
        try await b.screenshot(to: shots + "/grid-flaky-marked-failed.png")
        try await b.click("button[data-mark=success]")
        try await b.wait("report's cell green", "return (function(){\(Self.cellClass)}).apply(null, ['\(flakyRun)', 'report']).split(' ').includes('s-success')")
        try await b.wait("the latest try success in the tries table", Self.latestTryState + " === 'success'")
        log("report marked failed, then success; the tries table followed")

        // 6c. The Gantt of that run is live: clear `report` from the page through the API and
        // watch its bar come back with a new start, without a reload. (Also a check that the
        // pages left behind closed their streams: with the last 7 pages' streams open in the
        // back/forward cache, this request waited forever for one of the 6 connections.)
        let flakyQuery = flakyRun.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? flakyRun
        try await b.open(url + "/dags/flaky_retry/gantt?run=\(flakyQuery)")
        try await b.wait("the gantt's stream", "return window.__updraftEvents && window.__updraftEvents.readyState === 1")
        let reportBar = "[...document.querySelectorAll('#gantt .row')].find(r=>r.querySelector('.label').textContent==='report')"
        let barBefore = try await b.run("const r=\(reportBar); return r ? r.title : ''") as? String ?? ""
        #expect(barBefore.contains("success"), "report's bar before the clear: \(barBefore)")
        try await b.run("window.__marker = 7; return true")
        try await b.run("""
            const m=document.cookie.match(/(?:^|; )updraft_csrf=([^;]*)/); window.__cleared='pending';
            fetch('/api/v1/dags/flaky_retry/clearTaskInstances',{method:'POST',headers:{'Content-Type':'application/json','X-CSRF-Token':m?decodeURIComponent(m[1]):''},
              body:JSON.stringify({dag_run_id:\(Self.jsString(flakyRun)),task_ids:['report'],include_downstream:false})}).then(r=>{window.__cleared=r.status;},e=>{window.__cleared=String(e);});
            return true;
            """)
        let cleared = try await b.wait("the clear's answer", timeout: .seconds(20), "return window.__cleared !== 'pending' ? window.__cleared : ''") as? Int
        #expect(cleared == 200, "clear from the gantt page answered \(String(describing: cleared))")
        try await b.wait("report's bar again with a new start", timeout: .seconds(60), """
            const r=\(reportBar); return !!r && r.title !== \(Self.jsString(barBefore)) && r.title.startsWith('report: success') && window.__updraftGanttReloads >= 1;
            """)
        #expect(try await b.run("return window.__marker") as? Int == 7, "the gantt page was reloaded")
        try await b.screenshot(to: shots + "/gantt-live.png")
        log("gantt of \(flakyRun) followed report's clear and rerun live")

        // 7. <script> in a log line is text.
        try await b.open(url + "/dags/xss_check/grid")
        let xssRun = try await b.wait("xss_check's run", timeout: .seconds(60), """
            const cols=[...document.querySelectorAll('#grid thead th[data-run]')].map(t=>t.dataset.run);
            const tds=[...document.querySelector('#grid tbody tr[data-t="say"]').querySelectorAll('td')];
            const i=tds.findIndex(td=>td.className==='s-success'); return i>=0?cols[i]:'';
            """) as? String ?? ""
        try await b.run(Self.clickCell, [xssRun, "say"])
        try await b.wait("the log line", "return document.querySelector('#p-log').textContent.includes('<script>window.__xss = 2</script>')")
        #expect(try await b.run("return window.__xss === undefined && !document.querySelector('#p-log script')") as? Bool == true)
        #expect(try await b.run("return document.querySelector('#description').textContent.startsWith('<script>')") as? Bool == true)
        try await b.screenshot(to: shots + "/grid-xss.png")

        // 8. Pools and variables.
        try await b.open(url + "/pools")
        try await b.wait("pools", "return document.querySelectorAll('#pools tbody tr').length >= 1")
        try await b.screenshot(to: shots + "/pools.png")
        try await b.open(url + "/variables")
        try await b.wait("variables", "return !!document.querySelector('h1')")
        try await b.screenshot(to: shots + "/variables.png")
        // The workers page: the standalone's stats, refreshed in place (the page's script
        // asks again every 2 s and writes the snapshot's time).
        try await b.open(url + "/workers")
        try await b.wait("workers", "return !!document.querySelector('[data-gauge=\"workers.registered\"]')")
        let first = try await b.run("return document.querySelector('#stats-at').textContent") as? String ?? ""
        try await b.wait("a refreshed snapshot", "return document.querySelector('#stats-at').textContent !== \(Self.jsString(first))")
        // Workers spawn on demand and retire when idle: the count is a number, whatever it is now.
        #expect(try await b.run("return /^[0-9]+$/.test(document.querySelector('[data-gauge=\"workers.registered\"]').textContent)") as? Bool == true)
        #expect(try await b.run("return document.querySelectorAll('#messages tbody tr').length > 3") as? Bool == true)
        try await b.screenshot(to: shots + "/workers.png")

        // 9. A viewer sees no trigger button and gets 403 from the API when trying anyway.
        try await b.open(url + "/")
        try await b.click("#logout")
        try await b.wait("the login form", "return !!document.querySelector('#login')")
        try await b.type("#username", "vera")
        try await b.type("#password", Standalone.password("vera"))
        try await b.click("#login button[type=submit]")
        try await b.wait("the DAG list", "return !!document.querySelector('tr[data-dag=\"fanout_tables\"]')")
        #expect(try await b.run("return document.body.dataset.role") as? String == "viewer")
        #expect(try await b.run("return document.querySelectorAll('a.trigger').length") as? Int == 0)
        #expect(try await b.run("return [...document.querySelectorAll('input.pause')].every(i=>i.disabled)") as? Bool == true)
        try await b.screenshot(to: shots + "/dags-viewer.png")
        try await b.open(url + "/dags/fanout_tables/grid")
        try await b.wait("the grid", "return !!document.querySelector('#grid')")
        #expect(try await b.run("return !document.querySelector('#trigger-link')") as? Bool == true)
        let status = try await b.runAsync("""
            const done=arguments[arguments.length-1];
            const m=document.cookie.match(/(?:^|; )updraft_csrf=([^;]*)/);
            fetch('/api/v1/dags/fanout_tables/dagRuns',{method:'POST',headers:{'Content-Type':'application/json','X-CSRF-Token':m?decodeURIComponent(m[1]):''},body:'{}'})
              .then(r=>done(r.status),e=>done(String(e)));
            """) as? Int
        #expect(status == 403, "a viewer's trigger answered \(String(describing: status))")
        log("viewer vera: no trigger button, POST dagRuns -> \(String(describing: status))")
    }
}
