import Updraft

/// A report with a task group, a Swift branch and a join after it.
func reportDag() throws -> Dag {
    try Dag(
        "swift_report", description: "Daily report: group of extracts, Swift branch, join",
        schedule: "0 6 * * *", startDate: "2026-01-01", timezone: "Europe/Berlin", tags: ["example", "swift"],
        defaultArgs: TaskDefaults(owner: "analytics", retries: 3, retryDelay: .minutes(2))
    ) {
        let extract = Group("extract", tooltip: "One extract per source") {
            for source in ["crm", "shop"] {
                BashTask(source, "echo extract \(source) for {{ ds }}")
            }
        }
        let choose = SwiftBranchTask("choose") { ctx in
            ctx.params["full"] == .bool(true) ? ["full_report"] : ["quick_report"]
        }
        let full = BashTask("full_report", "echo full report {{ ds }}").executionTimeout(.minutes(30))
        let quick = BashTask("quick_report", "echo quick report {{ ds }}")
        let publish = BashTask("publish", "echo publish {{ ds }}").triggerRule(.noneFailedMinOneSuccess)

        extract >> choose
        choose >> [full, quick]
        [full, quick] >> publish
    }
}
