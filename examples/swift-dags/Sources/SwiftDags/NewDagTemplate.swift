// Kept to prove that `updraft dags new --swift` output compiles (not registered in main).
// hello_swift: created by `updraft dags new --swift`.
// Add it to your @main: await UpdraftApp.main { [try helloSwiftDag()] }
import Updraft

/// The `hello_swift` DAG.
func helloSwiftDag() throws -> Dag {
    try Dag(
        "hello_swift", description: "TODO: one line saying what hello_swift does",
        schedule: "@daily", startDate: "2026-12-07", catchup: false, maxActiveRuns: 1,
        params: ["greeting": .string("hello")], tags: ["new"],
        defaultArgs: TaskDefaults(owner: "your-team", retries: 2, retryDelay: .minutes(5),
                                  executionTimeout: .hours(1),
                                  // Runs in the scheduler when a task fails for good.
                                  onFailureCallback: [.bash(#"echo "$(date -u +%FT%TZ) $UPDRAFT_DAG_ID.$UPDRAFT_TASK_ID try $UPDRAFT_TRY_NUMBER failed: $UPDRAFT_EXCEPTION" >> "$UPDRAFT_HOME/failures.log""#)])
    ) {
        let start = EmptyTask("start")
        let done = EmptyTask("done")
        let hello = BashTask("hello", "echo {{ params.greeting }} from {{ dag.dag_id }} for {{ ds }}")
        let greet = SwiftTask("greet") { ctx in .string("hello from \(ctx.dagId)") }
        chain(start, Parallel(hello, greet), done)
    }
}
