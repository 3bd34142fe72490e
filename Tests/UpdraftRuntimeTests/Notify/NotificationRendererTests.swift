import Foundation
import Testing
import UpdraftCore
@testable import UpdraftRuntime

@Suite("Notification rendering (pure: no sockets)")
struct NotificationRendererTests {
    static func pending(_ notifier: NotifierSpec, connections: [String: Connection] = [:],
                        secrets: [String] = [], exception: String = "boom") -> PendingNotification {
        var context = TemplateContext(
            dagId: "etl", taskId: "load", runId: "manual__2026-03-08T00:00:00+00:00",
            logicalDate: Date(timeIntervalSince1970: 1_772_928_000), dataIntervalStart: Date(timeIntervalSince1970: 1_772_928_000),
            dataIntervalEnd: Date(timeIntervalSince1970: 1_773_014_400), params: ["team": .string("data")], tryNumber: 2)
        context.connections = connections
        context.notification = ["exception": .string(exception), "reason": .string(exception), "event": .string("failure"),
                                "state": .string("failed"), "ti_url": .string("http://api/ti"), "dag_run_url": .string("http://api/run")]
        return PendingNotification(notifier: notifier, event: .failure, context: context, masker: SecretMasker(secrets: secrets),
                                   label: "etl/manual/load", decidedAt: Date())
    }

    static func object(_ data: Data) throws -> [String: JSONValue] {
        guard case .object(let o) = try JSONText.parse(data).get() else { throw ReceiverError("not an object") }
        return o
    }

    @Test("slack: {\"text\": ...} rendered with the context, secrets masked, JSON-escaped")
    func slack() throws {
        let n = Self.pending(.slack(SlackNotifier(target: .url("https://hooks.example.com/x"),
                                                  text: "{{ dag.dag_id }}.{{ task.task_id }} try {{ try_number }} {{ ds }} {{ params.team }}: {{ exception }}")),
                             secrets: ["hunter2-secret"], exception: "login \"hunter2-secret\" refused")
        guard case .http(let url, let body) = try NotificationRenderer.delivery(for: n) else { Issue.record("not http"); return }
        #expect(url == "https://hooks.example.com/x")
        #expect(try Self.object(body) == ["text": .string("etl.load try 2 2026-03-08 data: login \"***\" refused")])
    }

    @Test("webhook: a mapping body is rendered leaf by leaf; no body gives the default fields")
    func webhook() throws {
        let mapped = Self.pending(.webhook(WebhookNotifier(target: .url("http://h/x"), body: .object(["a": .string("{{ task.task_id }}"), "n": .int(3)]))))
        guard case .http(_, let body) = try NotificationRenderer.delivery(for: mapped) else { Issue.record("not http"); return }
        #expect(try Self.object(body) == ["a": .string("load"), "n": .int(3)])
        let plain = Self.pending(.webhook(WebhookNotifier(target: .url("http://h/x"))))
        guard case .http(_, let body2) = try NotificationRenderer.delivery(for: plain) else { Issue.record("not http"); return }
        let fields = try Self.object(body2)
        #expect(fields["task_id"] == .string("load"))
        #expect(fields["exception"] == .string("boom"))
        #expect(fields["try_number"] == .int(2))
        #expect(fields["ti_url"] == .string("http://api/ti"))
    }

    @Test("an unknown conn_id is an error at delivery naming it (not retried)")
    func unknownConnection() {
        let n = Self.pending(.slack(SlackNotifier(target: .connection("team_chat"))))
        #expect(throws: NotifyFailure.self) { try NotificationRenderer.delivery(for: n) }
        do {
            _ = try NotificationRenderer.delivery(for: n)
        } catch {
            #expect(error.message.contains("connection 'team_chat' is not defined: set UPDRAFT_CONN_TEAM_CHAT or run updraft connections add team_chat"))
            #expect(!error.retryable)
        }
    }

    @Test("a template error at delivery is reported, masked, not retried")
    func templateError() {
        let n = Self.pending(.bash("echo {{ var.value.missing }}"))
        do {
            _ = try NotificationRenderer.delivery(for: n)
            Issue.record("rendered")
        } catch {
            #expect(error.message.contains("bash notifier in on_failure_callback of etl/manual/load: template error"))
            #expect(!error.retryable)
        }
    }

    @Test("connection URLs: host and schema, a Slack token in the password, a full URL in the password")
    func connectionURLs() throws {
        #expect(try NotificationRenderer.url(of: ConnectionURI.parse("http://127.0.0.1:8080/hooks/a", connId: "h")) == "http://127.0.0.1:8080/hooks/a")
        var slack = Connection(connId: "s", connType: "slackwebhook")
        slack.host = "hooks.slack.com/services"
        slack.password = "T000/B000/XXX"
        #expect(try NotificationRenderer.url(of: slack) == "https://hooks.slack.com/services/T000/B000/XXX")
        var full = Connection(connId: "f", connType: "slackwebhook")
        full.password = "https://hooks.slack.com/services/T/B/Y"
        #expect(try NotificationRenderer.url(of: full) == "https://hooks.slack.com/services/T/B/Y")
        #expect(throws: NotifyFailure.self) { try NotificationRenderer.url(of: Connection(connId: "e", connType: "http")) }
    }

    @Test("email: SMTP server from the connection, masked subject and body, recipients rendered")
    func email() throws {
        let conn = try ConnectionURI.parse("smtp://alerts%40example.com:p4ssw0rd-x@mail.local:2525", connId: "smtp")
        let n = Self.pending(.email(EmailNotifier(connId: "smtp", to: ["{{ params.team }}@example.com"], subject: "{{ task.task_id }} failed",
                                                  body: "pw={{ conn.smtp.password }}")), connections: ["smtp": conn], secrets: conn.secretValues)
        guard case .email(let server, let message) = try NotificationRenderer.delivery(for: n) else { Issue.record("not email"); return }
        #expect(server == SMTPServer(host: "mail.local", port: 2525, login: "alerts@example.com", password: "p4ssw0rd-x"))
        #expect(message.to == ["data@example.com"])
        #expect(message.from == "alerts@example.com")
        #expect(message.subject == "load failed")
        #expect(message.body == "pw=***")
    }

    @Test("SMTP DATA: CRLF, dot-stuffing, one-line headers, base64 for non-ASCII")
    func smtpFormat() {
        let text = SMTPFormat.data(SMTPMessage(from: "a@b.c", to: ["x@y.z"], subject: "line\nbreak", body: "one\n.two\n..three"), date: Date())
        #expect(text.contains("Subject: line break\r\n"))
        #expect(text.hasSuffix("\r\n\r\none\r\n..two\r\n...three"))
        let utf = SMTPFormat.data(SMTPMessage(from: "a@b.c", to: ["x@y.z"], subject: "é", body: "café"), date: Date())
        #expect(utf.contains("Subject: =?utf-8?B?w6k=?="))
        #expect(utf.contains("Content-Transfer-Encoding: base64\r\n"))
        #expect(utf.hasSuffix("\r\n\r\nY2Fmw6k="))
    }

    @Test("API links escape the run id")
    func links() {
        let run = NotificationLinks.dagRunURL(base: "http://127.0.0.1:8080/", dagId: "etl", runId: "manual__2026-03-08T00:00:00+00:00")
        #expect(run == "http://127.0.0.1:8080/api/v1/dags/etl/dagRuns/manual__2026-03-08T00:00:00%2B00:00")
        #expect(NotificationLinks.taskInstanceURL(dagRunURL: run, taskId: "t", mapIndex: 2) == run + "/taskInstances/t?map_index=2")
    }
}
