import Foundation
import UpdraftCore

/// Turns a ``PendingNotification`` into a ``NotificationDelivery``: renders its templates
/// with the task's context, resolves its connection, and masks every text that leaves the
/// scheduler (message text, JSON body, email subject and body) with the notification's
/// ``SecretMasker``. Pure: no clock, disk or socket.
///
/// Not masked: a URL (a webhook's token is its address) and a bash command (it runs here;
/// what it prints is masked before it is logged).
enum NotificationRenderer {
    /// The delivery of `n`.
    ///
    /// - Throws: ``NotifyFailure`` (not retryable) for a template error or an unknown conn_id.
    static func delivery(for n: PendingNotification) throws(NotifyFailure) -> NotificationDelivery {
        let field = "\(n.event.key) of \(n.label)"
        func render(_ text: String, _ name: String) throws(NotifyFailure) -> String {
            do {
                return try TemplateRenderer.render(text, context: n.context,
                                                   location: TemplateLocation(taskId: n.context.taskId, field: "\(n.event.key).\(name)"))
            } catch {
                throw NotifyFailure(n.masker.mask("\(n.notifier.kind) notifier in \(field): template error: \(error)"), retryable: false)
            }
        }
        func connection(_ id: String) throws(NotifyFailure) -> Connection {
            guard let c = n.context.connections[id] else {
                throw NotifyFailure("\(n.notifier.kind) notifier in \(field): connection '\(id)' is not defined: set "
                                    + "\(Connection.environmentName(for: id)) or run updraft connections add \(id)", retryable: false)
            }
            return c
        }
        switch n.notifier {
        case .bash(let command):
            return .bash(command: try render(command, "bash"), environment: environment(n))
        case .webhook(let w):
            let url = try targetURL(w.target, render: render, connection: connection)
            let body: Data
            if let template = w.body {
                if case .string(let text) = template {
                    body = Data(n.masker.mask(try render(text, "body")).utf8)
                } else {
                    body = JSONText.data(try renderLeaves(template, mask: n.masker, render: render))
                }
            } else {
                body = JSONText.data(.object(defaultBody(n)))
            }
            return .http(url: url, body: body)
        case .slack(let s):
            let url = try targetURL(s.target, render: render, connection: connection)
            let text = n.masker.mask(try render(s.text, "text"))
            return .http(url: url, body: JSONText.data(.object(["text": .string(text)])))
        case .email(let e):
            let conn = try connection(e.connId)
            guard !conn.host.isEmpty else {
                throw NotifyFailure("email notifier in \(field): connection '\(e.connId)' has no host", retryable: false)
            }
            var to: [String] = []
            for address in e.to { to.append(try render(address, "to").trimmingCharacters(in: .whitespaces)) }
            let fromExtra = conn.extraObject["from_email"].flatMap { if case .string(let s) = $0 { s } else { nil } }
            var from = fromExtra ?? (conn.login.contains("@") ? conn.login : "updraft@localhost")
            if let template = e.from { from = try render(template, "from") }
            let server = SMTPServer(host: conn.host, port: conn.port ?? 25,
                                    login: conn.login.isEmpty ? nil : conn.login,
                                    password: conn.password.isEmpty ? nil : conn.password)
            let message = SMTPMessage(from: from, to: to, subject: n.masker.mask(try render(e.subject, "subject")),
                                      body: n.masker.mask(try render(e.body, "body")))
            return .email(server, message)
        }
    }

    /// The URL of a webhook/slack target. From a connection: its password when that is a
    /// URL (Airflow's Slack webhook connections); else its host (with its scheme when it has
    /// one, else `http` for conn_type http, `https` otherwise), `:port`, `/schema`, and for
    /// conn_type `slackwebhook`/`slack` the password as the last path part (the token).
    static func targetURL(
        _ target: NotifierTarget, render: (String, String) throws(NotifyFailure) -> String,
        connection: (String) throws(NotifyFailure) -> Connection
    ) throws(NotifyFailure) -> String {
        switch target {
        case .url(let template):
            let url = try render(template, "url")
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw NotifyFailure("url '\(url.prefix(200))' does not start with http:// or https://", retryable: false)
            }
            return url
        case .connection(let id):
            let c = try connection(id)
            return try url(of: c)
        }
    }

    /// The URL a connection names (see ``targetURL(_:render:connection:)``).
    static func url(of c: Connection) throws(NotifyFailure) -> String {
        if c.password.hasPrefix("http://") || c.password.hasPrefix("https://") { return c.password }
        guard !c.host.isEmpty else {
            throw NotifyFailure("connection '\(c.connId)' has no host (the webhook's address)", retryable: false)
        }
        var url = c.host.contains("://") ? c.host : "\(c.connType == "http" ? "http" : "https")://\(c.host)"
        if let port = c.port, !c.host.contains("://") { url += ":\(port)" }
        func append(_ part: String) {
            guard !part.isEmpty else { return }
            url += (url.hasSuffix("/") ? "" : "/") + (part.hasPrefix("/") ? String(part.dropFirst()) : part)
        }
        append(c.schema)
        if c.connType.hasPrefix("slack") { append(c.password) }
        return url
    }

    /// A JSON template with its text leaves rendered and masked.
    static func renderLeaves(
        _ value: JSONValue, mask: SecretMasker, render: (String, String) throws(NotifyFailure) -> String
    ) throws(NotifyFailure) -> JSONValue {
        switch value {
        case .string(let s): return .string(mask.mask(try render(s, "body")))
        case .array(let a):
            var out: [JSONValue] = []
            for v in a { out.append(try renderLeaves(v, mask: mask, render: render)) }
            return .array(out)
        case .object(let o):
            var out: [String: JSONValue] = [:]
            for (k, v) in o { out[k] = try renderLeaves(v, mask: mask, render: render) }
            return .object(out)
        default: return value
        }
    }

    /// The default webhook body: `dag_id`, `run_id`, `task_id` (tasks), `map_index`,
    /// `event`, `state`, `try_number`, `logical_date`, `exception`, `dag_run_url`, `ti_url`.
    static func defaultBody(_ n: PendingNotification) -> [String: JSONValue] {
        let c = n.context
        var body: [String: JSONValue] = [
            "dag_id": .string(c.dagId), "run_id": .string(c.runId), "event": .string(n.event.rawValue),
            "logical_date": .string(ISOTimestamp.format(c.logicalDate, in: .utcZone)),
        ]
        if !c.taskId.isEmpty {
            body["task_id"] = .string(c.taskId)
            body["try_number"] = .int(Int64(c.tryNumber))
            body["map_index"] = .int(Int64(c.mapIndex ?? -1))
        }
        for key in ["state", "exception", "dag_run_url", "ti_url"] {
            if case .string(let s)? = c.notification[key], !s.isEmpty { body[key] = .string(n.masker.mask(s)) }
        }
        return body
    }

    /// The environment of a bash notifier: `UPDRAFT_*` and `AIRFLOW_CTX_*` as tasks get them,
    /// plus `UPDRAFT_CALLBACK_EVENT`, `UPDRAFT_STATE`, `UPDRAFT_EXCEPTION` (masked),
    /// `UPDRAFT_DAG_RUN_URL`, `UPDRAFT_TI_URL`.
    static func environment(_ n: PendingNotification) -> [String: String] {
        let c = n.context
        let logicalDate = ISOTimestamp.format(c.logicalDate, in: .utcZone)
        var env: [String: String] = [
            "UPDRAFT_DAG_ID": c.dagId, "UPDRAFT_TASK_ID": c.taskId, "UPDRAFT_RUN_ID": c.runId,
            "UPDRAFT_TRY_NUMBER": String(c.tryNumber), "UPDRAFT_MAP_INDEX": String(c.mapIndex ?? -1),
            "UPDRAFT_LOGICAL_DATE": logicalDate,
            "AIRFLOW_CTX_DAG_ID": c.dagId, "AIRFLOW_CTX_TASK_ID": c.taskId, "AIRFLOW_CTX_DAG_RUN_ID": c.runId,
            "AIRFLOW_CTX_TRY_NUMBER": String(c.tryNumber), "AIRFLOW_CTX_MAP_INDEX": String(c.mapIndex ?? -1),
            "AIRFLOW_CTX_LOGICAL_DATE": logicalDate, "AIRFLOW_CTX_EXECUTION_DATE": logicalDate,
            "UPDRAFT_CALLBACK_EVENT": n.event.rawValue,
        ]
        for (key, name) in [("state", "UPDRAFT_STATE"), ("exception", "UPDRAFT_EXCEPTION"),
                            ("dag_run_url", "UPDRAFT_DAG_RUN_URL"), ("ti_url", "UPDRAFT_TI_URL")] {
            if case .string(let s)? = c.notification[key] { env[name] = n.masker.mask(s) }
        }
        return env
    }
}
