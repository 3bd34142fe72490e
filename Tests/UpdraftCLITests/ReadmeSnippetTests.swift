import Testing
import Updraft

/// The Swift DSL example in README.md, kept compiling and valid here.
@Suite("README examples")
struct ReadmeSnippetTests {
    func ingest() throws -> Dag {
        try Dag("ingest", schedule: "@daily", startDate: "2026-01-01",
                defaultArgs: TaskDefaults(owner: "data-eng", retries: 2)) {
            let start = EmptyTask("start")
            let done = SwiftTask("summarize") { ctx in ctx.upstreamResults.count }
            for table in ["users", "orders"] {
                chain(start, BashTask("copy_\(table)", "copy \(table) {{ ds }}").pool("small_tables"), done)
            }
        }
    }

    @Test("the README's Swift DAG builds, validates and has the fan-out it shows")
    func readmeSwiftDag() throws {
        let dag = try ingest()
        #expect(dag.validate().isEmpty)
        #expect(Set(dag.tasks.map(\.taskId)) == ["start", "copy_users", "copy_orders", "summarize"])
        #expect(Set(dag.downstreamIds["start"] ?? []) == ["copy_users", "copy_orders"])
        #expect(dag.task("copy_users")?.pool == "small_tables")
        #expect(dag.task("copy_orders")?.retries == 2)
    }
}
