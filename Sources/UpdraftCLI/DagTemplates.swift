import Foundation

/// The boilerplate DAGs written by `updraft dags new`, in the house shape: owner, retries,
/// tags, a start task, and a failure callback (a bash notifier appending a line to
/// `$UPDRAFT_HOME/failures.log`, which needs no chat or mail server; a Slack one commented out).
enum DagTemplates {
    /// The failure callback's command: context from env vars (never pasted into the shell).
    static let failureCommand = #"echo "$(date -u +%FT%TZ) $UPDRAFT_DAG_ID.$UPDRAFT_TASK_ID try $UPDRAFT_TRY_NUMBER failed: $UPDRAFT_EXCEPTION" >> "$UPDRAFT_HOME/failures.log""#

    /// A YAML DAG file for `dagId` starting on `startDate` (`yyyy-MM-dd`).
    static func yaml(dagId: String, startDate: String) -> String {
        """
        # \(dagId): created by `updraft dags new`. Schema: examples/README.md
        # Check it with: updraft dags validate \(dagId).yml
        dag_id: \(dagId)
        description: "TODO: one line saying what \(dagId) does"
        schedule: "@daily"
        start_date: \(startDate)
        timezone: UTC
        catchup: false
        max_active_runs: 1
        tags: [new]
        params: {greeting: hello}
        default_args:
          owner: your-team
          retries: 2
          retry_delay: 5m
          execution_timeout: 1h
          # Runs in the scheduler when a task fails for good; see README "Callbacks and notifiers".
          on_failure_callback:
            - bash: '\(failureCommand)'
            # - slack: {conn_id: team_chat, text: "{{ dag.dag_id }}.{{ task.task_id }} failed: {{ exception }} {{ ti_url }}"}
        tasks:
          - task_id: start
            empty: true
          - task_id: hello
            bash: "echo {{ params.greeting }} from {{ dag.dag_id }} for {{ ds }}"
            upstream: [start]
          - task_id: done
            empty: true
            upstream: [hello]

        """
    }

    /// A Swift file declaring the DAG with the DSL; add `<function>()` to `UpdraftApp.main(dags:)`.
    static func swift(dagId: String, startDate: String) -> String {
        let function = functionName(dagId)
        return """
        // \(dagId): created by `updraft dags new --swift`.
        // Add it to your @main: await UpdraftApp.main { [try \(function)()] }
        import Updraft

        /// The `\(dagId)` DAG.
        func \(function)() throws -> Dag {
            try Dag(
                "\(dagId)", description: "TODO: one line saying what \(dagId) does",
                schedule: "@daily", startDate: "\(startDate)", catchup: false, maxActiveRuns: 1,
                params: ["greeting": .string("hello")], tags: ["new"],
                defaultArgs: TaskDefaults(owner: "your-team", retries: 2, retryDelay: .minutes(5),
                                          executionTimeout: .hours(1),
                                          // Runs in the scheduler when a task fails for good.
                                          onFailureCallback: [.bash(#"\(failureCommand)"#)])
            ) {
                let start = EmptyTask("start")
                let done = EmptyTask("done")
                let hello = BashTask("hello", "echo {{ params.greeting }} from {{ dag.dag_id }} for {{ ds }}")
                let greet = SwiftTask("greet") { ctx in .string("hello from \\(ctx.dagId)") }
                chain(start, Parallel(hello, greet), done)
            }
        }

        """
    }

    /// `daily_report` → `dailyReportDag`; other characters are dropped.
    static func functionName(_ dagId: String) -> String {
        let words = dagId.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        var name = words.enumerated().map { i, w in i == 0 ? w.lowercased() : w.prefix(1).uppercased() + w.dropFirst() }
            .joined()
        if name.first.map({ !$0.isLetter }) ?? true { name = "dag" + name.prefix(1).uppercased() + name.dropFirst() }
        return name.hasSuffix("Dag") ? name : name + "Dag"
    }
}
