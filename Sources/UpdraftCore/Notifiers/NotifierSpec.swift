/// One notifier of a callback key (`on_failure_callback: [...]`): what to send, and where.
///
/// A pure value read from a DAG file (``YAMLReader`` checks its shape and names file:line
/// for a bad one); the scheduler's notifier dispatcher renders its templates with the task's
/// context and delivers it. Every text field is a template.
///
/// ```yaml
/// on_failure_callback:
///   - slack: {conn_id: team_chat, text: "{{ dag.dag_id }}.{{ task.task_id }} failed: {{ exception }}"}
///   - email: {conn_id: smtp, to: [oncall@example.com], subject: "{{ dag.dag_id }} failed"}
///   - bash: "echo {{ ti_url }} >> /tmp/failures"
/// ```
public enum NotifierSpec: Sendable, Hashable {
    /// A bash command (a template), run with the task's context in `UPDRAFT_*`/`AIRFLOW_CTX_*` env vars.
    case bash(String)
    /// An HTTP POST of JSON.
    case webhook(WebhookNotifier)
    /// An incoming-webhook message `{"text": ...}` (Slack, Teams, Mattermost).
    case slack(SlackNotifier)
    /// A plain-text email over SMTP.
    case email(EmailNotifier)

    /// The kind keys, as written in DAG files.
    public static let kinds = ["bash", "webhook", "slack", "email"]

    /// `bash`, `webhook`, `slack` or `email`.
    public var kind: String {
        switch self {
        case .bash: "bash"
        case .webhook: "webhook"
        case .slack: "slack"
        case .email: "email"
        }
    }

    /// Every template of this notifier, with the field it is in (for validation).
    public var templates: [(field: String, text: String)] {
        switch self {
        case .bash(let command): [("bash", command)]
        case .webhook(let w): w.target.templates + (w.body?.templateLeaves ?? []).map { ("webhook.body", $0) }
        case .slack(let s): s.target.templates + [("slack.text", s.text)]
        case .email(let e): e.to.map { ("email.to", $0) } + [("email.subject", e.subject), ("email.body", e.body)]
        }
    }
}

/// Where an HTTP notifier posts: a URL, or the connection whose fields make one.
public enum NotifierTarget: Sendable, Hashable {
    /// A literal URL (a template).
    case url(String)
    /// A connection id, looked up when the notifier is delivered (environment, then store).
    case connection(String)

    var templates: [(field: String, text: String)] {
        if case .url(let u) = self { return [("url", u)] }
        return []
    }
}

/// `webhook: {url | conn_id, body}`.
public struct WebhookNotifier: Sendable, Hashable {
    /// Where to post.
    public var target: NotifierTarget
    /// The JSON body: a mapping or list whose text values are templates (encoded as JSON
    /// after rendering), or one text template sent as it renders. Nil: the default body
    /// (`dag_id`, `task_id`, `run_id`, `event`, `state`, `try_number`, `exception`, `ti_url`).
    public var body: JSONValue?

    /// A webhook notifier.
    public init(target: NotifierTarget, body: JSONValue? = nil) {
        self.target = target
        self.body = body
    }
}

/// `slack: {url | conn_id, text}`.
public struct SlackNotifier: Sendable, Hashable {
    /// Where to post.
    public var target: NotifierTarget
    /// The message (a template).
    public var text: String

    /// The text used when a slack notifier gives none.
    public static let defaultText = "{{ event }}: {{ dag.dag_id }}{% if task.task_id %}.{{ task.task_id }}{% endif %} run {{ run_id }} {{ state }}{% if exception %}: {{ exception }}{% endif %}"

    /// A slack notifier.
    public init(target: NotifierTarget, text: String = SlackNotifier.defaultText) {
        self.target = target
        self.text = text
    }
}

/// `email: {conn_id, to, subject, body, from}`.
public struct EmailNotifier: Sendable, Hashable {
    /// The SMTP connection (host, port, login, password; `extra.from_email` is the sender).
    public var connId: String
    /// Recipients (templates).
    public var to: [String]
    /// Subject (a template).
    public var subject: String
    /// Body (a template; plain text).
    public var body: String
    /// Sender; nil: the connection's `extra.from_email`, else its login, else `updraft@localhost`.
    public var from: String?

    /// The subject used when an email notifier gives none.
    public static let defaultSubject = "[updraft] {{ dag.dag_id }}{% if task.task_id %}.{{ task.task_id }}{% endif %} {{ state }}"
    /// The body used when an email notifier gives none.
    public static let defaultBody = """
        DAG: {{ dag.dag_id }}
        Task: {{ task.task_id }}
        Run: {{ run_id }}
        Logical date: {{ ds }}
        Try: {{ try_number }}
        State: {{ state }}
        Reason: {{ exception }}
        {{ ti_url }}
        """

    /// An email notifier.
    public init(connId: String, to: [String], subject: String = EmailNotifier.defaultSubject,
                body: String = EmailNotifier.defaultBody, from: String? = nil) {
        self.connId = connId
        self.to = to
        self.subject = subject
        self.body = body
        self.from = from
    }
}

extension JSONValue {
    /// The text leaves of this value (object values, array elements, the value itself).
    var templateLeaves: [String] {
        switch self {
        case .string(let s): [s]
        case .array(let a): a.flatMap(\.templateLeaves)
        case .object(let o): o.keys.sorted().flatMap { o[$0]!.templateLeaves }
        default: []
        }
    }
}
