import Foundation

/// What `updraft bench ui` measured.
public struct UIBenchReport: Codable, Sendable, Equatable {
    /// Rows of the grid DAG (tasks, mapped ones counted once) and its runs (columns).
    public var gridTasks: Int
    public var gridRuns: Int
    /// DAGs on the DAGs page.
    public var dags: Int
    /// `GET /dags/{dag_id}/grid` of the 1,000-task DAG with 25 runs, request sent → page
    /// read, median and p99 in milliseconds.
    public var gridMs: Double
    public var gridP99Ms: Double
    /// What a first visit to the grid transfers: its HTML (the cells are in it: no second
    /// request for data) plus the script and style sheet; and the HTML alone.
    public var gridBytes: Int
    public var gridHTMLBytes: Int
    /// `GET /dags/{dag_id}/graph` of that DAG (layout computed on the server, SVG): median, ms; bytes.
    public var graphMs: Double
    public var graphBytes: Int
    /// `GET /` with every DAG and its last 25 runs: median, ms; bytes.
    public var dagsPageMs: Double
    public var dagsPageBytes: Int
    /// In the browser: the SSE event's handler started → the frame showing the cell drawn. Median, p99, ms.
    public var eventToPaintMs: Double
    public var eventToPaintP99Ms: Double
    /// The state committed to the store (the bench's wall clock) → that frame (the page's). Median, p99, ms.
    public var commitToPaintMs: Double
    public var commitToPaintP99Ms: Double
    /// Events timed, and the browser's user agent.
    public var events: Int
    public var browser: String
    /// Wall time of the whole benchmark.
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case gridTasks = "grid_tasks", gridRuns = "grid_runs", dags
        case gridMs = "grid_1000x25_ms", gridP99Ms = "grid_1000x25_p99_ms", gridBytes = "grid_bytes", gridHTMLBytes = "grid_html_bytes"
        case graphMs = "graph_1000_ms", graphBytes = "graph_bytes", dagsPageMs = "dags_page_1000_dags_ms", dagsPageBytes = "dags_page_bytes"
        case eventToPaintMs = "ui_event_to_paint_ms", eventToPaintP99Ms = "ui_event_to_paint_p99_ms"
        case commitToPaintMs = "ui_commit_to_paint_ms", commitToPaintP99Ms = "ui_commit_to_paint_p99_ms"
        case events, browser, seconds
    }

    /// The human-readable lines.
    public var text: String {
        func ms(_ v: Double) -> String { String(format: "%.2f ms", v) }
        func kb(_ v: Int) -> String { String(format: "%.0f KiB", Double(v) / 1024) }
        return """
            ui bench: grid of \(gridTasks) tasks x \(gridRuns) runs, \(dags) DAGs, over 127.0.0.1
              grid page: p50 \(ms(gridMs)), p99 \(ms(gridP99Ms)); \(kb(gridBytes)) with script and styles (HTML \(kb(gridHTMLBytes)))   (target < 100 ms, < 1 MB)
              graph page: p50 \(ms(graphMs)), \(kb(graphBytes))   (target < 100 ms)
              DAGs page: p50 \(ms(dagsPageMs)), \(kb(dagsPageBytes))
              in Chromium, SSE event -> cell painted (\(events) events): p50 \(ms(eventToPaintMs)), p99 \(ms(eventToPaintP99Ms))   (target < 100 ms)
              commit -> cell painted: p50 \(ms(commitToPaintMs)), p99 \(ms(commitToPaintP99Ms))
              (\(browser); \(String(format: "%.1f", seconds)) s)
            """
    }
}
