import Foundation
import Logging
import UpdraftBrowser
import UpdraftCore
import UpdraftLoader
import UpdraftProtocol
import UpdraftRuntime
import UpdraftServer
import UpdraftStore
import UpdraftWire

/// `updraft bench ui`: the web UI's pages served by the same ``APIServer`` and event bus
/// `standalone` runs, over a store holding a 1,000-task DAG with 25 runs (the
/// generated DAG of `bench dagbag`: fan-outs, sensors, mapped tasks, groups) and 1,000
/// small DAGs with 25 runs each. Server time is timed from a client in this process over
/// loopback (request sent → whole page read); the live update is timed in a real headless
/// Chromium (Debian's chromium + chromium-driver) showing the grid: state committed to the
/// store and published on the bus → the page's event handler → the frame that shows the
/// cell's new colour.
public enum UIBench {
    /// The grid's DAG.
    static let gridDag = "bench_grid"

    public static func run(dags: Int = 1000, tasks: Int = 1000, runs: Int = 25, requests: Int = 30, events: Int = 100,
                           logger: Logger) async throws -> UIBenchReport {
        let started = ContinuousClock.now
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("updraft-bench-ui-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let home = UpdraftHome(root: root)
        try FileManager.default.createDirectory(at: home.dagsFolder, withIntermediateDirectories: true)
        let store = try await StoreLocation.sqlite(path: home.databasePath).open()
        // Small DAGs for the DAGs page (`bench api`'s generator; its bench_big is not shown here).
        try await APIBench.seed(store: store, home: home, dags: max(0, dags - 2), tasks: 3, runs: runs)
        let grid = try await seedGrid(store: store, home: home, tasks: tasks, runs: runs)

        let host = try await BenchAPIHost.start(store: store, home: home, logger: logger)
        let (port, bus) = (host.port, host.bus)

        let gridPath = "/dags/\(gridDag)/grid"
        let gridTimes = try await timed(port: port, path: gridPath, requests: requests)
        let assets = try await timed(port: port, path: "/ui/app.js", requests: 1).bytes + (try await timed(port: port, path: "/ui/app.css", requests: 1).bytes)
        let graphTimes = try await timed(port: port, path: "/dags/\(gridDag)/graph?run=\(grid.liveRun)", requests: requests)
        let dagsTimes = try await timed(port: port, path: "/", requests: max(5, requests / 3))
        let listed = try await store.dags().count

        let paint = try await browserPaint(port: port, store: store, bus: bus, grid: grid, events: events, folder: root.appendingPathComponent("browser").path)

        await host.stop()
        return UIBenchReport(
            gridTasks: grid.taskIds.count + grid.mappedIds.count, gridRuns: runs, dags: listed,
            gridMs: APIBenchReport.quantileMs(gridTimes.latencies, 0.5), gridP99Ms: APIBenchReport.quantileMs(gridTimes.latencies, 0.99),
            gridBytes: gridTimes.bytes + assets, gridHTMLBytes: gridTimes.bytes,
            graphMs: APIBenchReport.quantileMs(graphTimes.latencies, 0.5), graphBytes: graphTimes.bytes,
            dagsPageMs: APIBenchReport.quantileMs(dagsTimes.latencies, 0.5), dagsPageBytes: dagsTimes.bytes,
            eventToPaintMs: APIBenchReport.quantileMs(paint.eventToPaint, 0.5), eventToPaintP99Ms: APIBenchReport.quantileMs(paint.eventToPaint, 0.99),
            commitToPaintMs: APIBenchReport.quantileMs(paint.commitToPaint, 0.5), commitToPaintP99Ms: APIBenchReport.quantileMs(paint.commitToPaint, 0.99),
            events: paint.eventToPaint.count, browser: paint.browser,
            seconds: Double((ContinuousClock.now - started).components.seconds))
    }

    /// `requests` GETs of `path` after 3 warm-ups on one keep-alive connection: each
    /// latency (seconds) and the body's size.
    static func timed(port: Int, path: String, requests: Int) async throws -> (latencies: [Double], bytes: Int) {
        try await OnThread.run {
            let connection = try BlockingHTTPConnection(port: port)
            var out: [Double] = []
            var bytes = 0
            for i in 0..<(3 + requests) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let (status, size) = try connection.get(path)
                guard status == 200 else { throw APIBenchError("GET \(path): \(status)") }
                if i >= 3 { out.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9) }
                bytes = size
            }
            return (out, bytes)
        }
    }

    /// The grid DAG's tasks: plain ones (whose cells the events change) and mapped ones;
    /// its running run (the newest column), which the events change.
    struct GridDag {
        var taskIds: [String]
        var mappedIds: [String]
        var liveRun: String
    }

    /// Writes the 1,000-task DAG and its runs: all finished but the newest, which is
    /// running with its first tenth done.
    static func seedGrid(store: any MetaStore, home: UpdraftHome, tasks: Int, runs: Int) async throws -> GridDag {
        let file = home.dagsFolder.appendingPathComponent("\(gridDag).yml")
        let text = DagFileGenerator.file(index: 0, tasks: tasks).replacingOccurrences(of: "dag_id: bench_dag_0", with: "dag_id: \(gridDag)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let dag: Dag
        switch DagBag.loadFile(at: file.path) {
        case .success(let loaded): dag = loaded
        case .failure(let error): throw APIBenchError("the generated grid DAG does not load: \(error)")
        }
        try await store.syncDags((try await store.dags()) + [DagRecord(dagId: gridDag, fileLocation: file.path, lastParsedAt: Date())])
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        let order = dag.topologicalTaskIds() ?? dag.tasks.map(\.taskId)
        let mapped = Set(dag.tasks.filter(\.isMapped).map(\.taskId))
        for r in 0..<runs {
            let logical = base.addingTimeInterval(Double(r) * 86_400)
            let runId = "scheduled__run_\(r)"
            let live = r == runs - 1
            var batch = StoreBatch()
            batch.dagRuns = [DagRunRecord(
                dagId: gridDag, runId: runId, logicalDate: logical, dataIntervalStart: logical,
                dataIntervalEnd: logical.addingTimeInterval(86_400), state: live ? .running : (r % 7 == 3 ? .failed : .success),
                runType: .scheduled, queuedAt: logical, startDate: logical, endDate: live ? nil : logical.addingTimeInterval(3_600))]
            for (k, taskId) in order.enumerated() {
                let state: TaskInstanceState = live ? (k < order.count / 10 ? .success : .scheduled) : (r % 7 == 3 && k == order.count - 1 ? .failed : .success)
                for mapIndex in mapped.contains(taskId) ? [0, 1, 2] : [-1] {
                    var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: gridDag, runId: runId, taskId: taskId, mapIndex: mapIndex),
                                                state: state, tryNumber: 1, maxTries: 3)
                    ti.queuedAt = logical.addingTimeInterval(Double(k))
                    ti.startDate = logical.addingTimeInterval(Double(k) + 0.2)
                    ti.endDate = state == .success || state == .failed ? logical.addingTimeInterval(Double(k) + 1.2) : nil
                    ti.hostname = "bench-host"
                    batch.taskInstances.append(ti)
                }
            }
            try await store.commit(batch)
        }
        return GridDag(taskIds: order.filter { !mapped.contains($0) }, mappedIds: order.filter { mapped.contains($0) }, liveRun: "scheduled__run_\(runs - 1)")
    }

    /// The grid of the running run open in headless Chromium; `events` state changes of its
    /// cells, 50 ms apart (one per frame or more), each committed then published as the
    /// scheduler does. Event → paint is the page's own measure; commit → paint compares the
    /// commit's wall clock with the paint's (one machine, one clock).
    static func browserPaint(port: Int, store: any MetaStore, bus: EventPublisher, grid: GridDag, events: Int,
                             folder: String) async throws -> (eventToPaint: [Double], commitToPaint: [Double], browser: String) {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let browser = try await WebDriver.start(logFolder: folder)
        do {
            let result = try await paint(browser, port: port, store: store, bus: bus, grid: grid, events: events)
            await browser.quit()
            return result
        } catch {
            await browser.quit()
            throw error
        }
    }

    private static func paint(_ browser: WebDriver, port: Int, store: any MetaStore, bus: EventPublisher, grid: GridDag,
                              events: Int) async throws -> (eventToPaint: [Double], commitToPaint: [Double], browser: String) {
        try await browser.open("http://127.0.0.1:\(port)/dags/\(gridDag)/grid")
        try await browser.wait("the grid's event stream", "return window.__updraftEvents&&window.__updraftEvents.readyState===1")
        let version = try await browser.run("return navigator.userAgent") as? String ?? "unknown"
        let tasks = Array(grid.taskIds.suffix(from: grid.taskIds.count / 5))
        func change(_ taskId: String, _ from: TaskInstanceState, _ to: TaskInstanceState) -> WireStateChangeEvent {
            BenchAPIHost.taskInstanceEvent(dagId: gridDag, runId: grid.liveRun, taskId: taskId, from: from, to: to)
        }
        // The server's SUB socket joins the bus a few ms after the stream opens.
        var joined = false
        for _ in 0..<300 {
            await bus.publish([change(tasks[0], .scheduled, .scheduled)])
            try await Task.sleep(for: .milliseconds(10))
            if (try await browser.run("return window.__updraftApplied.length") as? Int ?? 0) > 0 { joined = true; break }
        }
        guard joined else { throw APIBenchError("no event reached the page in 3 s") }
        var committedAt: [UInt64: Double] = [:]
        for i in 0..<events {
            let taskId = tasks[i % tasks.count]
            let (from, to): (TaskInstanceState, TaskInstanceState) = (i / tasks.count) % 2 == 0 ? (.scheduled, .running) : (.running, .success)
            var ti = TaskInstanceRecord(id: TaskInstanceID(dagId: gridDag, runId: grid.liveRun, taskId: taskId), state: to, tryNumber: 1, maxTries: 3)
            ti.hostname = "bench-host"
            var batch = StoreBatch()
            batch.taskInstances = [ti]
            try await store.commit(batch)
            let at = Date().timeIntervalSince1970 * 1000
            await bus.publish([change(taskId, from, to)])
            committedAt[await bus.lastSequence] = at
            try await Task.sleep(for: .milliseconds(50))
        }
        let wanted = committedAt.keys.map(String.init)
        try await browser.wait("the page to paint \(events) events", timeout: .seconds(20), """
            const want=new Set(\(jsonArray(wanted)));
            return window.__updraftApplied.filter(r=>want.has(r.seq)&&r.paintAt).length>=want.size;
            """)
        let rows = try await browser.run("""
            const want=new Set(\(jsonArray(wanted)));
            return window.__updraftApplied.filter(r=>want.has(r.seq)&&r.paintAt).map(r=>[Number(r.seq),r.at,r.paintAt]);
            """) as? [[Double]] ?? []
        var eventToPaint: [Double] = []
        var commitToPaint: [Double] = []
        for row in rows where row.count == 3 {
            eventToPaint.append((row[2] - row[1]) / 1000)
            if let at = committedAt[UInt64(row[0])] { commitToPaint.append((row[2] - at) / 1000) }
        }
        guard eventToPaint.count == events else { throw APIBenchError("the page painted \(eventToPaint.count) of \(events) events") }
        return (eventToPaint, commitToPaint, version)
    }

    /// `items` as a JavaScript array of strings.
    static func jsonArray(_ items: [String]) -> String {
        String(decoding: (try? JSONEncoder().encode(items)) ?? Data("[]".utf8), as: UTF8.self)
    }
}
