import Yams

extension DagError.Code {
    /// A callback's notifier is malformed: unknown kind, missing url/conn_id/to, bad value.
    public static let invalidNotifier = Self(rawValue: "invalid_notifier")
}

/// Reads callback keys (`on_failure_callback: ...`) into ``NotifierSpec`` lists.
extension YAMLReader {
    /// Keys of each notifier kind's mapping.
    static let notifierKeys: [String: Set<String>] = [
        "webhook": ["url", "conn_id", "body"],
        "slack": ["url", "conn_id", "text"],
        "email": ["conn_id", "to", "subject", "body", "from"],
    ]

    /// One notifier or a list of them; null is an empty list (turns an inherited callback off).
    /// Nil when any notifier is malformed (each problem is reported with its position).
    mutating func notifiers(_ node: Node, key: String, task: String?) -> [NotifierSpec]? {
        if YAMLReader.isNull(node) { return [] }
        let items: [Node]
        switch node {
        case .sequence(let seq): items = Array(seq)
        case .mapping: items = [node]
        default:
            fail(.invalidNotifier, "\(key) must be a notifier (bash, webhook, slack or email) or a list of them, "
                 + "e.g. {slack: {conn_id: chat, text: \"...\"}}", at: node, task: task, key: key)
            return nil
        }
        var out: [NotifierSpec] = []
        var ok = true
        for item in items {
            if let n = notifier(item, key: key, task: task) { out.append(n) } else { ok = false }
        }
        return ok ? out : nil
    }

    /// One `{kind: value}` mapping.
    mutating func notifier(_ node: Node, key: String, task: String?) -> NotifierSpec? {
        guard case .mapping(let m) = node, m.count == 1, let (kindNode, value) = m.first.map({ ($0.key, $0.value) }),
              let kind = kindNode.scalar?.string else {
            fail(.invalidNotifier, "a notifier of \(key) is a mapping with one key, its kind (bash, webhook, slack or email)",
                 at: node, task: task, key: key)
            return nil
        }
        let what = "\(kind) notifier of \(key)"
        switch kind {
        case "bash":
            guard let command = string(value, key: "\(key).bash", task: task) else { return nil }
            guard !command.allSatisfy(\.isWhitespace) else {
                fail(.invalidNotifier, "the command of the bash notifier of \(key) is empty", at: value, task: task, key: key)
                return nil
            }
            return .bash(command)
        case "webhook", "slack", "email":
            guard case .mapping = value, let pairs = mapping(value, what: what) else {
                fail(.invalidNotifier, "the \(what) must be a mapping (\(Self.notifierKeys[kind]!.sorted().joined(separator: ", ")))",
                     at: value, task: task, key: key)
                return nil
            }
            let before = errors.count
            checkKeys(pairs, allowed: Self.notifierKeys[kind]!, in: "the \(what)", task: task)
            var byKey: [String: Node] = [:]
            for pair in pairs { byKey[pair.key] = pair.value }
            let result = kind == "email" ? email(byKey, at: value, what: what, key: key, task: task)
                : http(kind, byKey, at: value, what: what, key: key, task: task)
            return errors.count == before ? result : nil
        default:
            let hint = Suggestion.hint(for: kind, in: NotifierSpec.kinds)
            fail(.invalidNotifier, "unknown notifier kind '\(kind)' in \(key)\(hint); valid kinds: \(NotifierSpec.kinds.joined(separator: ", "))",
                 at: kindNode, task: task, key: key)
            return nil
        }
    }

    private mutating func target(_ byKey: [String: Node], at node: Node, what: String, key: String, task: String?) -> NotifierTarget? {
        switch (byKey["url"], byKey["conn_id"]) {
        case (let url?, nil):
            guard let text = string(url, key: "\(key).url", task: task) else { return nil }
            guard text.hasPrefix("http://") || text.hasPrefix("https://") || text.hasPrefix("{{") else {
                fail(.invalidNotifier, "url of the \(what) must start with http:// or https://, got '\(text)'", at: url, task: task, key: key)
                return nil
            }
            return .url(text)
        case (nil, let conn?):
            return connId(conn, key: key, task: task).map(NotifierTarget.connection)
        case (.some, .some):
            fail(.invalidNotifier, "the \(what) takes url or conn_id, not both", at: node, task: task, key: key)
            return nil
        case (nil, nil):
            fail(.invalidNotifier, "the \(what) needs url or conn_id (a connection whose host is the webhook's address)",
                 at: node, task: task, key: key)
            return nil
        }
    }

    private mutating func connId(_ node: Node, key: String, task: String?) -> String? {
        guard let id = string(node, key: "\(key).conn_id", task: task) else { return nil }
        if let problem = Connection.problem(withID: id) {
            fail(.invalidNotifier, problem, at: node, task: task, key: key)
            return nil
        }
        return id
    }

    private mutating func http(_ kind: String, _ byKey: [String: Node], at node: Node, what: String, key: String, task: String?) -> NotifierSpec? {
        let target = target(byKey, at: node, what: what, key: key, task: task)
        if kind == "slack" {
            var text = SlackNotifier.defaultText
            if let t = byKey["text"] { text = string(t, key: "\(key).text", task: task) ?? text }
            return target.map { .slack(SlackNotifier(target: $0, text: text)) }
        }
        var body: JSONValue?
        if let b = byKey["body"] {
            body = json(b, key: "\(key).body")
            if body == .null {
                fail(.invalidNotifier, "body of the \(what) is empty: give a mapping, a list or a text template", at: b, task: task, key: key)
            }
        }
        return target.map { .webhook(WebhookNotifier(target: $0, body: body)) }
    }

    private mutating func email(_ byKey: [String: Node], at node: Node, what: String, key: String, task: String?) -> NotifierSpec? {
        guard let connNode = byKey["conn_id"] else {
            fail(.invalidNotifier, "the \(what) needs conn_id (an SMTP connection: host, port, login, password)", at: node, task: task, key: key)
            return nil
        }
        let conn = connId(connNode, key: key, task: task)
        guard let toNode = byKey["to"] else {
            fail(.invalidNotifier, "the \(what) needs to (an address or a list of them)", at: node, task: task, key: key)
            return nil
        }
        guard let to = stringList(toNode, key: "\(key).to", task: task) else { return nil }
        if to.isEmpty || to.contains(where: { $0.allSatisfy(\.isWhitespace) }) {
            fail(.invalidNotifier, "to of the \(what) needs at least one address, and no empty one", at: toNode, task: task, key: key)
        }
        if let bad = to.first(where: { !$0.contains("{") && (!$0.contains("@") || $0.contains(where: { "\r\n<>, ".contains($0) })) }) {
            fail(.invalidNotifier, "'\(bad)' in to of the \(what) is not an email address", at: toNode, task: task, key: key)
        }
        var e = EmailNotifier(connId: conn ?? "", to: to)
        if let n = byKey["subject"], let s = string(n, key: "\(key).subject", task: task) { e.subject = s }
        if let n = byKey["body"], let s = string(n, key: "\(key).body", task: task) { e.body = s }
        if let n = byKey["from"], let s = string(n, key: "\(key).from", task: task) { e.from = s }
        return conn == nil ? nil : .email(e)
    }
}
