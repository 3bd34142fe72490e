import Foundation
import Testing
import UpdraftCore

@Suite("Callback keys and notifiers in DAG files")
struct NotifierParsingTests {
    static func parse(_ text: String) throws -> Dag {
        try DagFileParser.parse(text, file: "dags/n.yml").get()
    }

    @Test("every notifier kind, on a task, in default_args and on the DAG, one or a list")
    func allKinds() throws {
        let dag = try Self.parse("""
            dag_id: n
            on_success_callback: {webhook: {conn_id: hooks, body: {text: "{{ dag.dag_id }} ok"}}}
            on_failure_callback:
              - slack: {url: "https://hooks.example.com/T/B/X", text: "{{ dag.dag_id }} failed: {{ reason }}"}
            default_args:
              on_failure_callback:
                - email: {conn_id: smtp, to: ops@example.com, subject: "{{ task.task_id }} failed", body: "{{ exception }}"}
                - bash: "echo {{ ti_url }}"
              on_retry_callback: {webhook: {url: "http://127.0.0.1:9/hook", body: '{"t": "{{ try_number }}"}'}}
            tasks:
              - task_id: a
                bash: "echo a"
                on_success_callback: {slack: {conn_id: chat}}
                on_skipped_callback: {bash: "echo skipped"}
              - task_id: b
                bash: "echo b"
                on_failure_callback: []
            """)
        #expect(dag.callbacks[.success] == [.webhook(WebhookNotifier(target: .connection("hooks"), body: .object(["text": .string("{{ dag.dag_id }} ok")])))])
        #expect(dag.callbacks[.failure] == [.slack(SlackNotifier(target: .url("https://hooks.example.com/T/B/X"), text: "{{ dag.dag_id }} failed: {{ reason }}"))])
        let a = try #require(dag.task("a"))
        #expect(a.callbacks[.failure] == [
            .email(EmailNotifier(connId: "smtp", to: ["ops@example.com"], subject: "{{ task.task_id }} failed", body: "{{ exception }}")),
            .bash("echo {{ ti_url }}"),
        ])
        #expect(a.callbacks[.retry] == [.webhook(WebhookNotifier(target: .url("http://127.0.0.1:9/hook"), body: .string(#"{"t": "{{ try_number }}"}"#)))])
        #expect(a.callbacks[.success] == [.slack(SlackNotifier(target: .connection("chat")))])
        #expect(a.callbacks[.skipped] == [.bash("echo skipped")])
        let b = try #require(dag.task("b"))
        #expect(b.callbacks[.failure].isEmpty, "an empty list turns the inherited callback off")
        #expect(b.callbacks[.retry].count == 1, "other events are still inherited")
        #expect(dag.validate().isEmpty)
    }

    @Test("a group's default_args override the DAG's per event")
    func groupLayer() throws {
        let dag = try Self.parse("""
            dag_id: n
            default_args: {on_failure_callback: {bash: "echo dag"}}
            tasks:
              - group_id: g
                default_args: {on_failure_callback: {bash: "echo group"}}
                tasks:
                  - task_id: t
                    bash: "echo t"
              - task_id: top
                bash: "echo top"
            """)
        #expect(dag.task("g.t")?.callbacks[.failure] == [.bash("echo group")])
        #expect(dag.task("top")?.callbacks[.failure] == [.bash("echo dag")])
    }

    static let broken: [BrokenFile] = [
        BrokenFile(name: "unknown notifier kind, with a hint", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                on_failure_callback:
                  - slak: {url: "https://x"}
            """, code: .invalidNotifier, line: 6, column: 9, messageContains: "unknown notifier kind 'slak' in on_failure_callback (did you mean 'slack'?); valid kinds: bash, webhook, slack, email"),
        BrokenFile(name: "webhook without url or conn_id", text: """
            dag_id: x
            default_args:
              on_retry_callback: {webhook: {body: {a: b}}}
            tasks: []
            """, code: .invalidNotifier, line: 3, column: 32, messageContains: "webhook notifier of on_retry_callback needs url or conn_id"),
        BrokenFile(name: "slack with both url and conn_id", text: """
            dag_id: x
            on_failure_callback: {slack: {url: "https://x", conn_id: c}}
            tasks: []
            """, code: .invalidNotifier, line: 2, column: 30, messageContains: "takes url or conn_id, not both"),
        BrokenFile(name: "email without to", text: """
            dag_id: x
            on_failure_callback:
              email: {conn_id: smtp, subject: hi}
            tasks: []
            """, code: .invalidNotifier, line: 3, column: 10, messageContains: "email notifier of on_failure_callback needs to"),
        BrokenFile(name: "email without conn_id", text: """
            dag_id: x
            on_failure_callback:
              email: {to: a@b.c}
            tasks: []
            """, code: .invalidNotifier, line: 3, column: 10, messageContains: "needs conn_id"),
        BrokenFile(name: "a recipient that is not an address", text: """
            dag_id: x
            on_failure_callback:
              email: {conn_id: smtp, to: [ops]}
            tasks: []
            """, code: .invalidNotifier, line: 3, column: 30, messageContains: "'ops' in to of the email notifier"),
        BrokenFile(name: "a number instead of a notifier", text: """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                on_success_callback: 3
            """, code: .invalidNotifier, line: 5, column: 26, messageContains: "on_success_callback must be a notifier"),
        BrokenFile(name: "two kinds in one notifier", text: """
            dag_id: x
            on_success_callback: {bash: "echo", slack: {url: "https://x"}}
            tasks: []
            """, code: .invalidNotifier, line: 2, column: 22, messageContains: "a mapping with one key, its kind"),
        BrokenFile(name: "an empty bash notifier", text: """
            dag_id: x
            on_success_callback: {bash: "  "}
            tasks: []
            """, code: .invalidNotifier, line: 2, column: 29, messageContains: "is empty"),
        BrokenFile(name: "unknown key in a slack notifier", text: """
            dag_id: x
            on_success_callback: {slack: {url: "https://x", txt: hi}}
            tasks: []
            """, code: .unknownKey, line: 2, column: 49, messageContains: "did you mean 'text'"),
        BrokenFile(name: "a url that is not http", text: """
            dag_id: x
            on_success_callback: {webhook: {url: "ftp://x"}}
            tasks: []
            """, code: .invalidNotifier, line: 2, column: 38, messageContains: "must start with http:// or https://"),
        BrokenFile(name: "a bad conn_id", text: """
            dag_id: x
            on_success_callback: {slack: {conn_id: "a b"}}
            tasks: []
            """, code: .invalidNotifier, line: 2, column: 40, messageContains: "conn_id 'a b' contains ' '"),
        BrokenFile(name: "a task callback on the DAG", text: """
            dag_id: x
            on_retry_callback: {bash: echo}
            tasks: []
            """, code: .unknownKey, line: 2, column: 1, messageContains: "a task callback: put it on tasks or in default_args"),
    ]

    @Test("bad notifiers: a clear error with file:line:column", arguments: broken)
    func bad(_ c: BrokenFile) throws {
        guard case .failure(let e) = DagFileParser.parse(c.text, file: "dags/bad.yml") else {
            Issue.record("parsed without error")
            return
        }
        let first = try #require(e.errors.first { $0.code == c.code }, "codes: \(e.errors.map(\.code)) \(e)")
        #expect(first.message.contains(c.messageContains), "\(first.message)")
        #expect(first.description.hasPrefix("dags/bad.yml:\(c.line):\(c.column): error: "), "\(first.description)")
    }

    @Test("a notifier template that does not parse is a validation error naming the callback")
    func badTemplate() {
        let text = """
            dag_id: x
            tasks:
              - task_id: a
                bash: echo
                on_failure_callback: {slack: {url: "https://x", text: "{{ exception "}}
            """
        guard case .failure(let e) = DagFileParser.parse(text, file: "dags/t.yml") else {
            Issue.record("parsed without error")
            return
        }
        let error = e.errors.first { $0.code == .invalidTemplate }
        #expect(error?.message.contains("slack.text of on_failure_callback of task 'a'") == true, "\(e)")
        #expect(error?.line == 5)
    }

    @Test("notifier names are known to template warnings")
    func names() {
        #expect(TemplateRenderer.warnings("{{ exception }} {{ reason }} {{ ti_url }} {{ dag_run_url }} {{ event }} {{ state }}").isEmpty)
    }
}

@Suite("README: the callbacks example parses")
struct NotifierReadmeTests {
    @Test("the YAML under 'Callbacks and notifiers' in README.md parses and validates")
    func readmeExample() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let section = try #require(text.range(of: "## Callbacks and notifiers"))
        let start = try #require(text.range(of: "```yaml\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let dag = try DagFileParser.parse(String(text[start.upperBound..<end.lowerBound]), file: "README.md").get()
        #expect(dag.callbacks[.failure].count == 1)
        #expect(dag.task("report")?.callbacks[.failure].count == 2)
        #expect(dag.task("report")?.callbacks[.success].count == 1)
        #expect(dag.validate().isEmpty)
    }
}
