/// Synthetic but realistic YAML DAG files for ``DagBagBench``: default args with retries,
/// a chain of extract / transform / load stages with fan-out and fan-in, templates,
/// pools and priority weights, a task group, a sensor, a mapped task.
public enum DagFileGenerator {
    /// The text of DAG file number `index` with `tasks` tasks (at least 1).
    public static func file(index: Int, tasks: Int) -> String {
        let count = max(1, tasks)
        var out = """
        dag_id: bench_dag_\(index)
        description: "Synthetic DAG \(index) for updraft bench dagbag"
        schedule: "\(index % 60) \(index % 24) * * *"
        start_date: 2026-01-01
        timezone: Europe/Berlin
        max_active_runs: 1
        tags: [bench, team\(index % 10)]
        params: {region: eu, limit: \(index % 100)}
        default_args:
          owner: team\(index % 10)
          retries: 2
          retry_delay: 5m
          execution_timeout: 1h
        tasks:
          - task_id: t0
            bash: "echo start {{ ds }} --region {{ params.region }}"

        """
        var i = 1
        // Stages of 10 tasks: a fan-out of 3, their join, a sensor, a mapped copy, a group of
        // two (load >> check), then transforms in a chain.
        while i < count {
            let previous = i - 1
            switch i % 10 {
            case 1, 2, 3:
                let anchor = i - (i % 10 - 1) - 1
                out += task(i, "bash: \"extract --table t\(i) --date {{ ds_nodash }} --limit {{ params.limit }}\"",
                            upstream: ["t\(anchor)"], extra: "pool: small_tables\n    priority_weight: \(i % 7)")
            case 4:
                out += task(i, "empty: true", upstream: ["t\(i - 3)", "t\(i - 2)", "t\(i - 1)"],
                            extra: "trigger_rule: none_failed_min_one_success")
            case 5:
                out += task(i, "sensor: time_delta\n    delta: 5m", upstream: ["t\(previous)"],
                            extra: "poke_interval: 30s\n    timeout: 1h")
            case 6:
                out += task(i, "bash: \"copy {{ item }} --at {{ ts }}\"", upstream: ["t\(previous)"],
                            extra: "expand: {items: [users, orders, items]}\n    pool: large_tables")
            case 7 where i + 1 < count:
                out += """
                  - group_id: g\(i)
                    upstream: [t\(previous)]
                    default_args: {pool: warehouse, retries: 3}
                    tasks:
                      - {task_id: load, bash: "load --date {{ ds }} --env $ENV", env: {ENV: "{{ params.region }}"}}
                      - {task_id: check, bash: "check {{ data_interval_end }}", upstream: [load]}

                """
                i += 2
                continue
            default:
                let up = i % 10 == 9 ? "g\(i - 2)" : "t\(previous)"
                out += task(i, "bash: \"transform --run {{ run_id }} --try {{ try_number }}\"", upstream: [up],
                            extra: "retries: 1")
            }
            i += 1
        }
        return out
    }

    private static func task(_ i: Int, _ kind: String, upstream: [String], extra: String) -> String {
        """
          - task_id: t\(i)
            \(kind)
            upstream: [\(upstream.joined(separator: ", "))]
            \(extra)

        """
    }
}
