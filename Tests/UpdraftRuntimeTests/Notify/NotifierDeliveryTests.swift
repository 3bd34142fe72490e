import Foundation
import Logging
import Testing
import UpdraftCore
import UpdraftStore
@testable import UpdraftRuntime

/// Callbacks end to end: a StandaloneRuntime (scheduler, executor, a local worker) runs YAML
/// DAGs whose callbacks post to a real HTTP server and a real SMTP server (Python, started
/// by the test), and run bash notifiers.
@Suite("Notifiers deliver to real servers", .serialized, .timeLimit(.minutes(3)))
struct NotifierDeliveryTests {
    static let smtpPassword = "s3cret-smtp-pass"

    /// A runtime over a fresh home with `yaml`'s DAG and `connections` in its store.
    static func runtime(_ yaml: String, connections: [String: String] = [:],
                        settings: (inout NotifierSettings) -> Void = { _ in }) async throws -> (StandaloneRuntime, UpdraftHome) {
        let home = UpdraftHome(root: FileManager.default.temporaryDirectory.appendingPathComponent("updraft-notify-\(UUID().uuidString)"))
        try FileManager.default.createDirectory(at: home.root, withIntermediateDirectories: true)
        let dag = try DagFileParser.parse(yaml, file: "notify.yml").get()
        var options = StandaloneOptions(home: home, extraDags: [dag], localWorkers: 1, workerConcurrency: 2,
                                        executorEndpoints: ["inproc://notify-\(UUID().uuidString)"], eventsEndpoint: "")
        options.scheduler.retentionMaxAge = nil
        options.scheduler.notifications.apiBaseURL = "http://127.0.0.1:8080"
        settings(&options.scheduler.notifications)
        let store = try await SQLiteStore.open(path: home.databasePath)
        let vault = ConnectionVault(store: store, home: home)
        for (id, uri) in connections { try await vault.save(try ConnectionURI.parse(uri, connId: id)) }
        var logger = Logger(label: "notify-test")
        logger.logLevel = .critical
        let runtime = StandaloneRuntime(options: options, logger: logger)
        _ = try await runtime.start()
        return (runtime, home)
    }

    static func json(_ text: Any?) throws -> [String: Any] {
        let data = Data(try #require(text as? String).utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("a failing task sends a Slack-format webhook and an email with the rendered text; the run's failure callback fires once; states are untouched")
    func failureSlackAndEmail() async throws {
        let http = try await PythonReceiver.start("notify_http_receiver.py")
        defer { http.stop() }
        let smtp = try await PythonReceiver.start("notify_smtp_receiver.py", arguments: ["alerts", Self.smtpPassword])
        defer { smtp.stop() }
        let yaml = """
            dag_id: notify_fail
            start_date: 2026-01-01
            params: {team: data-eng}
            on_failure_callback:
              webhook:
                url: "http://127.0.0.1:\(http.port)/ok/run"
                body: {dag: "{{ dag.dag_id }}", reason: "{{ reason }}", why: "{{ exception }}", link: "{{ dag_run_url }}"}
            default_args:
              on_failure_callback:
                - slack: {conn_id: chat, text: "{{ dag.dag_id }}.{{ task.task_id }} failed on try {{ try_number }} for {{ ds }} ({{ params.team }}): {{ exception }} {{ ti_url }}"}
                - email:
                    conn_id: smtp_test
                    to: [oncall@example.com, "{{ params.team }}@example.com"]
                    subject: "{{ task.task_id }} failed"
                    body: "Reason: {{ exception }}\\n.a line starting with a dot\\npassword {{ conn.smtp_test.password }}"
            tasks:
              - task_id: boom
                bash: "echo going down >&2; exit 4"
              - task_id: after
                bash: "echo never"
                upstream: [boom]
            """
        let (runtime, home) = try await Self.runtime(yaml, connections: [
            "chat": "http://127.0.0.1:\(http.port)/ok/slack",
            "smtp_test": "smtp://alerts:\(Self.smtpPassword)@127.0.0.1:\(smtp.port)",
        ])
        defer { try? FileManager.default.removeItem(at: home.root) }
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "notify_fail", conf: [:], logicalDate: nil, runType: .manual)
        let state = try await scheduler.waitForRun(dagId: "notify_fail", runId: run.runId)
        await scheduler.waitForNotifications()
        let counts = scheduler.notifier.counters.snapshot
        await runtime.stop(graceful: true)

        #expect(state == .failed)
        let posts = await http.waitFor(2)
        let slack = try #require(posts.first { ($0["path"] as? String) == "/ok/slack" })
        #expect(slack["content_type"] as? String == "application/json")
        let text = try #require(try Self.json(slack["body"])["text"] as? String)
        let ds = String(ISOTimestamp.format(run.logicalDate, in: .utcZone).prefix(10))
        let tiURL = "http://127.0.0.1:8080/api/v1/dags/notify_fail/dagRuns/\(run.runId.addingPercentEncoding(withAllowedCharacters: NotificationLinks.segment)!)/taskInstances/boom"
        #expect(text == "notify_fail.boom failed on try 1 for \(ds) (data-eng): exit code 4: going down \(tiURL)")
        let runPost = try #require(posts.first { ($0["path"] as? String) == "/ok/run" })
        let runBody = try Self.json(runPost["body"])
        #expect(runBody["dag"] as? String == "notify_fail")
        #expect(runBody["reason"] as? String == "task_failure")
        #expect(runBody["why"] as? String == "task 'boom' failed: exit code 4: going down")
        #expect((runBody["link"] as? String)?.hasSuffix("/dagRuns/\(run.runId.addingPercentEncoding(withAllowedCharacters: NotificationLinks.segment)!)") == true)
        #expect(posts.count == 2, "one slack post (boom; 'after' is upstream_failed, which fires nothing) and one run post")

        let mails = await smtp.waitFor(1)
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail["subject"] as? String == "boom failed")
        #expect(mail["rcpt_tos"] as? [String] == ["oncall@example.com", "data-eng@example.com"])
        #expect(mail["mail_from"] as? String == "updraft@localhost")
        let body = try #require(mail["body"] as? String)
        #expect(body.contains("Reason: exit code 4: going down"))
        #expect(body.contains("\n.a line starting with a dot"), "dot-stuffing undone by the server: \(body)")
        #expect(body.contains("password ***"), "the connection's password is masked in the mail: \(body)")
        #expect(!(mail["raw"] as? String ?? "").contains(Self.smtpPassword))
        #expect(counts.sent == 3 && counts.failed == 0, "\(counts)")

        let store = try SQLiteStore(path: home.databasePath)
        let rows = try await store.taskInstances(dagId: "notify_fail", runId: run.runId)
        #expect(rows.first { $0.id.taskId == "boom" }?.state == .failed)
        #expect(rows.first { $0.id.taskId == "after" }?.state == .upstreamFailed)
    }

    @Test("a DAG's success callback fires once per run, a task's once per instance")
    func successOncePerRun() async throws {
        let http = try await PythonReceiver.start("notify_http_receiver.py")
        defer { http.stop() }
        let yaml = """
            dag_id: notify_ok
            start_date: 2026-01-01
            on_success_callback: {webhook: {url: "http://127.0.0.1:\(http.port)/ok/run"}}
            on_failure_callback: {webhook: {url: "http://127.0.0.1:\(http.port)/ok/run-failed"}}
            tasks:
              - task_id: a
                bash: "echo a"
                on_success_callback: {slack: {url: "http://127.0.0.1:\(http.port)/ok/task", text: "{{ task.task_id }} {{ state }} in {{ run_id }}"}}
              - task_id: b
                empty: true
                upstream: [a]
            """
        let (runtime, home) = try await Self.runtime(yaml)
        defer { try? FileManager.default.removeItem(at: home.root) }
        let scheduler = try #require(await runtime.scheduler)
        var runIds: [String] = []
        for day in 1...2 {
            let run = try await scheduler.trigger(dagId: "notify_ok", conf: [:],
                                                  logicalDate: Date(timeIntervalSince1970: 1_767_225_600 + Double(day) * 86_400), runType: .manual)
            #expect(try await scheduler.waitForRun(dagId: "notify_ok", runId: run.runId) == .success)
            runIds.append(run.runId)
        }
        await scheduler.waitForNotifications()
        await runtime.stop(graceful: true)
        let posts = http.received()
        let runPosts = posts.filter { ($0["path"] as? String) == "/ok/run" }
        #expect(runPosts.count == 2)
        let runBodies = try runPosts.map { try Self.json($0["body"]) }
        #expect(Set(runBodies.compactMap { $0["run_id"] as? String }) == Set(runIds))
        #expect(runBodies.allSatisfy { $0["event"] as? String == "success" && $0["state"] as? String == "success" && $0["task_id"] == nil })
        let taskTexts = try posts.filter { ($0["path"] as? String) == "/ok/task" }.map { try Self.json($0["body"])["text"] as? String }
        #expect(Set(taskTexts.compactMap { $0 }) == Set(runIds.map { "a success in \($0)" }))
        #expect(taskTexts.count == 2)
        #expect(!posts.contains { ($0["path"] as? String) == "/ok/run-failed" })
    }

    @Test("a 500, a never-answering endpoint and an unknown conn_id are retried or failed, counted, and change no state; the downstream does not wait")
    func failingEndpoints() async throws {
        let http = try await PythonReceiver.start("notify_http_receiver.py")
        defer { http.stop() }
        let yaml = """
            dag_id: notify_bad_endpoints
            start_date: 2026-01-01
            tasks:
              - task_id: first
                bash: "echo first"
                on_success_callback:
                  - webhook: {url: "http://127.0.0.1:\(http.port)/fail"}
                  - webhook: {url: "http://127.0.0.1:\(http.port)/hang"}
                  - slack: {conn_id: nope_not_defined, text: "never sent"}
              - task_id: second
                bash: "echo second"
                upstream: [first]
            """
        let (runtime, home) = try await Self.runtime(yaml) { settings in
            settings.timeout = .seconds(1)
            settings.attempts = 2
            settings.backoff = .milliseconds(100)
        }
        defer { try? FileManager.default.removeItem(at: home.root) }
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "notify_bad_endpoints", conf: [:], logicalDate: nil, runType: .manual)
        let state = try await scheduler.waitForRun(dagId: "notify_bad_endpoints", runId: run.runId)
        let pendingAtRunEnd = scheduler.notifier.counters.snapshot.pending
        await scheduler.waitForNotifications()
        let counts = scheduler.notifier.counters.snapshot
        let gauges = await scheduler.statsGauges()
        await runtime.stop(graceful: true)

        #expect(state == .success)
        #expect(pendingAtRunEnd > 0, "the run ended while the hanging endpoint's delivery was still in flight")
        #expect(counts.sent == 0)
        #expect(counts.failed == 3, "\(counts)")
        #expect(counts.retried == 2, "the 500 and the timeout are retried once each; the unknown conn_id is not: \(counts)")
        #expect(gauges["notifications.failed"] == 3)
        let posts = http.received()
        #expect(posts.filter { ($0["path"] as? String) == "/fail" }.count == 2)
        #expect(posts.filter { ($0["path"] as? String) == "/hang" }.count == 2)
        let store = try SQLiteStore(path: home.databasePath)
        let rows = try await store.taskInstances(dagId: "notify_bad_endpoints", runId: run.runId)
        #expect(rows.count == 2 && rows.allSatisfy { $0.state == .success && $0.tryNumber == 1 && $0.errorMessage == nil })
    }

    @Test("bash notifiers run on retry and on a skipped try, with the context in env vars and templates")
    func bashRetryAndSkipped() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("notify-bash-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: out) }
        let yaml = """
            dag_id: notify_bash
            start_date: 2026-01-01
            default_args:
              retry_delay: 1s
              on_retry_callback: {bash: 'echo "retry $UPDRAFT_TASK_ID $UPDRAFT_TRY_NUMBER {{ ds }} $UPDRAFT_EXCEPTION" >> \(out.path)'}
              on_skipped_callback: {bash: 'echo "skipped {{ task.task_id }} $UPDRAFT_CALLBACK_EVENT" >> \(out.path)'}
            tasks:
              - task_id: flaky
                retries: 1
                bash: '[ "$UPDRAFT_TRY_NUMBER" = 2 ] || { echo first try fails >&2; exit 1; }'
              - task_id: skipper
                bash: "exit 99"
            """
        let (runtime, home) = try await Self.runtime(yaml)
        defer { try? FileManager.default.removeItem(at: home.root) }
        let scheduler = try #require(await runtime.scheduler)
        let run = try await scheduler.trigger(dagId: "notify_bash", conf: [:], logicalDate: nil, runType: .manual)
        #expect(try await scheduler.waitForRun(dagId: "notify_bash", runId: run.runId) == .success)
        await scheduler.waitForNotifications()
        let counts = scheduler.notifier.counters.snapshot
        await runtime.stop(graceful: true)
        let ds = String(ISOTimestamp.format(run.logicalDate, in: .utcZone).prefix(10))
        let lines = Set(try String(contentsOf: out, encoding: .utf8).split(separator: "\n").map(String.init))
        #expect(lines == ["retry flaky 1 \(ds) exit code 1: first try fails", "skipped skipper skipped"])
        #expect(counts.sent == 2 && counts.failed == 0, "\(counts)")
    }
}
