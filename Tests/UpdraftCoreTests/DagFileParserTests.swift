import Foundation
import Testing
import UpdraftCore

@Suite("YAML DAG files: every key")
struct DagFileParserTests {
    static let full = """
    dag_id: daily_report
    description: Daily sales report
    schedule: "0 6 * * *"
    start_date: 2026-01-01
    end_date: 2026-12-31T18:30:00
    timezone: Europe/Berlin
    catchup: true
    max_active_runs: 1
    max_active_tasks: 8
    tags: [reports, sales]
    params: {region: eu, limit: 10, ratio: 0.5, dry: false, list: [1, "a"], nothing: null}
    default_args: {owner: data-eng, retries: 2, retry_delay: 5m, pool: reports}
    tasks:
      - task_id: extract
        bash: "extract --date {{ ds }}"
        retries: 3
        execution_timeout: 10m
        retry_exponential_backoff: true
        max_retry_delay: 1h
        env: {REGION: "{{ params.region }}", LIMIT: 10}
        cwd: /tmp
        doc: Pulls the day's sales.
        skip_on_exit_code: [99, 100]
        depends_on_past: true
      - task_id: transform
        bash: transform
        upstream: [extract]
        trigger_rule: all_success
        priority_weight: 5
        weight_rule: absolute
        pool: small_tables
        pool_slots: 2
        queue: heavy
        owner: alice
      - task_id: choose
        branch: "echo transform"
        upstream: transform
      - task_id: done
        empty: true
        upstream: [choose]
        trigger_rule: none_failed_min_one_success
      - task_id: wait_for_ingest
        sensor: external_task
        external_dag_id: ingest
        external_task_ids: [load, check]
        allowed_states: [success, skipped]
        failed_states: [failed]
        skipped_states: [upstream_failed]
        execution_delta: 1d
        check_existence: true
        endpoint: tcp://other:5556
        poke_interval: 30s
        timeout: 2h
        soft_fail: true
        exponential_backoff: true
        max_wait: 10m
      - task_id: wait_file
        sensor: file
        filepath: /data/*.csv
      - task_id: wait_time
        sensor: time_delta
        delta: 15m
      - task_id: wait_cmd
        sensor: command
        command: test -f /tmp/ready
      - task_id: list_tables
        bash: echo '["users", "orders"]'
      - task_id: copy_table
        bash: "copy {{ item }}"
        expand: {items: [users, orders]}
      - task_id: copy_listed
        bash: "copy {{ item }}"
        expand: {xcom: list_tables, key: tables}
      - group_id: load
        upstream: [extract]
        default_args: {pool: warehouse, retries: 1}
        tooltip: Loads the warehouse
        tasks:
          - {task_id: a, bash: "load a"}
          - {task_id: b, bash: "load b", upstream: [a], retries: 4}
    """

    static func parse(_ text: String, file: String = "dags/test.yml") -> Result<Dag, DagImportError> {
        DagFileParser.parse(text, file: file)
    }

    static func dag(_ text: String) throws -> Dag {
        switch parse(text) {
        case .success(let dag): return dag
        case .failure(let e): throw e
        }
    }

    @Test("DAG-level keys")
    func dagKeys() throws {
        let dag = try Self.dag(Self.full)
        #expect(dag.dagId == "daily_report")
        #expect(dag.description == "Daily sales report")
        #expect(dag.schedule.description == "0 6 * * *")
        #expect(dag.timezone.identifier == "Europe/Berlin")
        // 2026-01-01 00:00 in Berlin (UTC+1) is 2025-12-31T23:00Z.
        #expect(dag.startDate == Date(timeIntervalSince1970: 1_767_222_000))
        // 2026-12-31T18:30 in Berlin is 17:30Z.
        #expect(dag.endDate == Date(timeIntervalSince1970: 1_798_738_200))
        #expect(dag.catchup)
        #expect(dag.maxActiveRuns == 1)
        #expect(dag.maxActiveTasks == 8)
        #expect(dag.tags == ["reports", "sales"])
        #expect(dag.params == [
            "region": .string("eu"), "limit": .int(10), "ratio": .double(0.5), "dry": .bool(false),
            "list": .array([.int(1), .string("a")]), "nothing": .null,
        ])
        #expect(dag.defaultArgs.owner == "data-eng")
        #expect(dag.defaultArgs.retryDelay == TimeSpan(seconds: 300))
        #expect(dag.fileLocation == "dags/test.yml")
    }

    @Test("task options, with default_args and Airflow defaults")
    func taskOptions() throws {
        let dag = try Self.dag(Self.full)
        let extract = try #require(dag.task("extract"))
        #expect(extract.kind == .bash(BashCommand(command: "extract --date {{ ds }}", skipOnExitCodes: [99, 100])))
        #expect(extract.retries == 3)
        #expect(extract.retryDelay == TimeSpan(seconds: 300))
        #expect(extract.retryExponentialBackoff)
        #expect(extract.maxRetryDelay == TimeSpan(seconds: 3600))
        #expect(extract.executionTimeout == TimeSpan(seconds: 600))
        #expect(extract.env == ["REGION": "{{ params.region }}", "LIMIT": "10"])
        #expect(extract.cwd == "/tmp")
        #expect(extract.doc == "Pulls the day's sales.")
        #expect(extract.dependsOnPast)
        #expect(extract.owner == "data-eng")
        #expect(extract.pool == "reports")
        #expect(extract.queue == "default")
        #expect(extract.triggerRule == .allSuccess)
        #expect(extract.weightRule == .downstream)

        let transform = try #require(dag.task("transform"))
        #expect(transform.upstreamIds == ["extract"])
        #expect(transform.priorityWeight == 5)
        #expect(transform.weightRule == .absolute)
        #expect(transform.pool == "small_tables")
        #expect(transform.poolSlots == 2)
        #expect(transform.queue == "heavy")
        #expect(transform.owner == "alice")
        #expect(transform.retries == 2)

        #expect(dag.task("choose")?.kind == .branch(BashCommand(command: "echo transform")))
        #expect(dag.task("choose")?.upstreamIds == ["transform"])
        #expect(dag.task("done")?.kind == .empty)
        #expect(dag.task("done")?.triggerRule == .noneFailedMinOneSuccess)
    }

    @Test("sensors of every kind")
    func sensors() throws {
        let dag = try Self.dag(Self.full)
        guard case .sensor(let s)? = dag.task("wait_for_ingest")?.kind, case .externalTask(let t) = s.kind else {
            Issue.record("wait_for_ingest is not an external_task sensor")
            return
        }
        #expect(t == ExternalTaskTarget(
            externalDagId: "ingest", externalTaskIds: ["load", "check"], allowedStates: [.success, .skipped],
            failedStates: [.failed], skippedStates: [.upstreamFailed], executionDelta: TimeSpan(seconds: 86_400),
            checkExistence: true, endpoint: "tcp://other:5556"))
        #expect(s.pokeInterval == TimeSpan(seconds: 30))
        #expect(s.timeout == TimeSpan(seconds: 7200))
        #expect(s.softFail && s.exponentialBackoff)
        #expect(s.maxWait == TimeSpan(seconds: 600))
        #expect(dag.task("wait_file")?.kind == .sensor(SensorSpec(kind: .file(path: "/data/*.csv"))))
        #expect(dag.task("wait_time")?.kind == .sensor(SensorSpec(kind: .timeDelta(TimeSpan(seconds: 900)))))
        #expect(dag.task("wait_cmd")?.kind == .sensor(SensorSpec(kind: .command("test -f /tmp/ready"))))
    }

    @Test("expand over items and over an upstream XCom")
    func expand() throws {
        let dag = try Self.dag(Self.full)
        #expect(dag.task("copy_table")?.expand == .items([.string("users"), .string("orders")]))
        #expect(dag.task("copy_listed")?.expand == .xcom(taskId: "list_tables", key: "tables"))
        #expect(dag.task("copy_listed")?.upstreamIds == ["list_tables"])
    }

    @Test("task groups: prefixed ids, group default_args, edges to the group's roots")
    func groups() throws {
        let dag = try Self.dag(Self.full)
        let a = try #require(dag.task("load.a"))
        let b = try #require(dag.task("load.b"))
        #expect(a.upstreamIds == ["extract"])
        #expect(b.upstreamIds == ["load.a"])
        #expect(a.pool == "warehouse" && a.retries == 1 && a.owner == "data-eng")
        #expect(b.retries == 4)
        #expect(a.groupId == "load")
        #expect(dag.taskGroups == [TaskGroup(groupId: "load", tooltip: "Loads the warehouse", taskIds: ["load.a", "load.b"])])
    }

    @Test("defaults when keys are left out")
    func defaults() throws {
        let dag = try Self.dag("dag_id: tiny\ntasks:\n  - {task_id: t, bash: echo}\n")
        #expect(dag.schedule == .none)
        #expect(dag.timezone.secondsFromGMT() == 0)
        #expect(!dag.catchup && dag.maxActiveRuns == 16 && dag.maxActiveTasks == 16)
        let t = try #require(dag.task("t"))
        #expect(t.owner == "updraft" && t.retries == 0 && t.retryDelay.seconds == 300 && t.pool == "default_pool")
        #expect(t.poolSlots == 1 && t.priorityWeight == 1 && t.queue == "default" && !t.dependsOnPast)
        #expect(t.kind == .bash(BashCommand(command: "echo", skipOnExitCodes: [99])))
    }
}
