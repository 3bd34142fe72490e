// Kept to prove that `updraft dags new --swift` output compiles (not registered in main).
// hello_swift: created by `updraft dags new --swift`.
// Add it to your @main: await UpdraftApp.main { [try helloSwiftDag()] }
import Updraft

/// The `hello_swift` DAG.
func helloSwiftDag() throws -> Dag {
    try Dag(
        "hello_swift", description: "TODO: one line saying what hello_swift does",
        schedule: "@daily", startDate: "2026-11-22", catchup: false, maxActiveRuns: 1,
        params: ["greeting": .string("hello")], tags: ["new"],
        defaultArgs: TaskDefaults(owner: "your-team", retries: 2, retryDelay: .minutes(5),
                                  executionTimeout: .hours(1))
        // on_failure_callback: reserved for the runtime (not a valid key yet; failure callbacks land with the executor/worker)
    ) {
        let start = EmptyTask("start")
        let done = EmptyTask("done")
        let hello = BashTask("hello", "echo {{ params.greeting }} from {{ dag.dag_id }} for {{ ds }}")
        let greet = SwiftTask("greet") { ctx in .string("hello from \(ctx.dagId)") }
        chain(start, Parallel(hello, greet), done)
    }
}
