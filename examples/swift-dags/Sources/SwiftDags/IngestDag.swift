import Foundation
import Updraft

/// What `summarize` returns (stored as its XCom, JSON).
struct IngestSummary: Codable, Sendable {
    var tablesCopied: Int
    var logicalDate: String
}

/// A loop-generated fan-out: one copy task per table, all between `start` and a Swift
/// closure task that summarizes them.
func ingestDag() throws -> Dag {
    let tables = ["users", "orders", "payments", "shipments", "reviews"]
    let bigTables: Set = ["orders", "payments"]
    return try Dag(
        "swift_ingest", description: "Copies tables (a loop-generated fan-out), then summarizes in Swift",
        schedule: "*/5 * * * *", startDate: "2026-01-01", catchup: false, maxActiveRuns: 1,
        params: ["lake": .string("/tmp/updraft-lake")], tags: ["example", "swift"],
        defaultArgs: TaskDefaults(owner: "examples", retries: 2, retryDelay: .seconds(30))
    ) {
        let start = EmptyTask("start")
        let summarize = SwiftTask("summarize") { ctx in
            IngestSummary(tablesCopied: ctx.upstreamResults.count,
                          logicalDate: ISO8601DateFormatter().string(from: ctx.logicalDate))
        }
        for table in tables {
            let copy = BashTask("copy_\(table)", "echo copy \(table) to {{ params.lake }}/{{ ds }} && sleep 1")
                .pool(bigTables.contains(table) ? "large_tables" : "small_tables")
                .priorityWeight(bigTables.contains(table) ? 10 : 1)
            chain(start, copy, summarize)
        }
    }
}
