import Yams

/// Reads the task option keys (also valid under `default_args`) into ``TaskDefaults``.
extension YAMLReader {
    /// The option keys: valid on tasks and in `default_args` of the DAG and of groups.
    static let optionKeys: Set<String> = [
        "owner", "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay",
        "execution_timeout", "trigger_rule", "pool", "pool_slots", "priority_weight", "weight_rule",
        "queue", "depends_on_past", "env", "connections", "cwd", "doc",
        "on_failure_callback", "on_success_callback", "on_retry_callback", "on_skipped_callback",
    ]

    /// Reads one option pair into `options`; false when `key` is not an option key.
    mutating func readOption(_ key: String, _ value: Node, into options: inout TaskDefaults, task: String?) -> Bool {
        switch key {
        case "owner": options.owner = string(value, key: key, task: task)
        case "retries": options.retries = int(value, key: key, task: task)
        case "retry_delay": options.retryDelay = timeSpan(value, key: key, task: task)
        case "retry_exponential_backoff": options.retryExponentialBackoff = bool(value, key: key, task: task)
        case "max_retry_delay": options.maxRetryDelay = timeSpan(value, key: key, task: task)
        case "execution_timeout": options.executionTimeout = timeSpan(value, key: key, task: task)
        case "trigger_rule":
            guard let text = string(value, key: key, task: task) else { break }
            if let rule = TriggerRule(parsing: text) {
                options.triggerRule = rule
            } else {
                let hint = Suggestion.hint(for: text, in: TriggerRule.allCases.map(\.rawValue))
                fail(.unknownTriggerRule, "unknown trigger_rule '\(text)'\(hint); valid rules: \(TriggerRule.validNames)",
                     at: value, task: task, key: key)
            }
        case "pool": options.pool = string(value, key: key, task: task)
        case "pool_slots": options.poolSlots = int(value, key: key, task: task)
        case "priority_weight": options.priorityWeight = int(value, key: key, task: task)
        case "weight_rule":
            guard let text = string(value, key: key, task: task) else { break }
            if let rule = WeightRule(rawValue: text) {
                options.weightRule = rule
            } else {
                let hint = Suggestion.hint(for: text, in: WeightRule.allCases.map(\.rawValue))
                fail(.unknownWeightRule, "unknown weight_rule '\(text)'\(hint); valid rules: \(WeightRule.validNames)",
                     at: value, task: task, key: key)
            }
        case "queue": options.queue = string(value, key: key, task: task)
        case "depends_on_past": options.dependsOnPast = bool(value, key: key, task: task)
        case "env": options.env = stringMap(value, key: key, task: task)
        case "connections":
            guard let ids = stringList(value, key: key, task: task) else { break }
            for id in ids {
                if let problem = Connection.problem(withID: id) { fail(.invalidValue, problem, at: value, task: task, key: key) }
            }
            options.connections = ids
        case "cwd": options.cwd = string(value, key: key, task: task)
        case "doc": options.doc = string(value, key: key, task: task)
        case "on_failure_callback", "on_success_callback", "on_retry_callback", "on_skipped_callback":
            guard let event = CallbackEvent(key: key), let list = notifiers(value, key: key, task: task) else { break }
            var callbacks = options.callbacks ?? Callbacks()
            callbacks[event] = list
            options.callbacks = callbacks
        default: return false
        }
        return true
    }

    /// A `default_args` mapping.
    mutating func defaultArgs(_ node: Node, task: String? = nil) -> TaskDefaults {
        var options = TaskDefaults()
        guard let pairs = mapping(node, what: "default_args") else { return options }
        checkKeys(pairs, allowed: Self.optionKeys, in: "default_args", task: task)
        for pair in pairs { _ = readOption(pair.key, pair.value, into: &options, task: task) }
        return options
    }
}
