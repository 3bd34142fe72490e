import Yams

/// Reads a sensor task's keys into a ``SensorSpec``. Missing required fields are left
/// empty here and reported once by ``Dag/validate()``.
extension YAMLReader {
    mutating func sensor(_ kindName: String, at kindNode: Node, _ byKey: [String: Node], task id: String) -> SensorSpec? {
        let kind: SensorKind
        switch kindName {
        case "external_task": kind = .externalTask(externalTarget(byKey, task: id))
        case "file": kind = .file(path: byKey["filepath"].flatMap { string($0, key: "filepath", task: id) } ?? "")
        case "time_delta":
            kind = .timeDelta(byKey["delta"].flatMap { timeSpan($0, key: "delta", task: id) } ?? TimeSpan(seconds: 0))
            if byKey["delta"] == nil {
                fail(.invalidSensor, "sensor '\(id)': time_delta sensor needs delta", at: kindNode, task: id, key: "sensor")
            }
        case "command": kind = .command(byKey["command"].flatMap { string($0, key: "command", task: id) } ?? "")
        default:
            let hint = Suggestion.hint(for: kindName, in: SpecKeys.sensorKind.keys.sorted())
            fail(.invalidSensor, "unknown sensor kind '\(kindName)'\(hint); valid kinds: \(SensorKind.validNames)",
                 at: kindNode, task: id, key: "sensor")
            return nil
        }
        var spec = SensorSpec(kind: kind)
        if let n = byKey["poke_interval"], let v = timeSpan(n, key: "poke_interval", task: id) { spec.pokeInterval = v }
        if let n = byKey["timeout"], let v = timeSpan(n, key: "timeout", task: id) { spec.timeout = v }
        if let n = byKey["exponential_backoff"], let v = bool(n, key: "exponential_backoff", task: id) { spec.exponentialBackoff = v }
        if let n = byKey["max_wait"] { spec.maxWait = timeSpan(n, key: "max_wait", task: id) }
        if let n = byKey["soft_fail"], let v = bool(n, key: "soft_fail", task: id) { spec.softFail = v }
        return spec
    }

    mutating func externalTarget(_ byKey: [String: Node], task id: String) -> ExternalTaskTarget {
        var t = ExternalTaskTarget(externalDagId: byKey["external_dag_id"].flatMap { string($0, key: "external_dag_id", task: id) } ?? "")
        let single = byKey["external_task_id"].flatMap { string($0, key: "external_task_id", task: id) }
        let many = byKey["external_task_ids"].flatMap { stringList($0, key: "external_task_ids", task: id) }
        if single != nil, many != nil, let node = byKey["external_task_ids"] {
            fail(.invalidSensor, "sensor '\(id)': give only one of external_task_id and external_task_ids",
                 at: node, task: id, key: "external_task_ids")
        }
        t.externalTaskIds = single.map { [$0] } ?? many ?? []
        t.externalTaskGroupId = byKey["external_task_group_id"].flatMap { string($0, key: "external_task_group_id", task: id) }
        if let n = byKey["allowed_states"], let v = states(n, key: "allowed_states", task: id) { t.allowedStates = v }
        if let n = byKey["failed_states"], let v = states(n, key: "failed_states", task: id) { t.failedStates = v }
        if let n = byKey["skipped_states"], let v = states(n, key: "skipped_states", task: id) { t.skippedStates = v }
        if let n = byKey["execution_delta"] { t.executionDelta = timeSpan(n, key: "execution_delta", task: id) }
        if let n = byKey["check_existence"], let v = bool(n, key: "check_existence", task: id) { t.checkExistence = v }
        t.endpoint = byKey["endpoint"].flatMap { string($0, key: "endpoint", task: id) }
        t.serverKey = byKey["server_key"].flatMap { string($0, key: "server_key", task: id) }
        if t.serverKey != nil, t.endpoint == nil, let node = byKey["server_key"] {
            fail(.invalidSensor, "sensor '\(id)': server_key needs endpoint (it is the public key of that endpoint's scheduler)",
                 at: node, task: id, key: "server_key")
        }
        return t
    }

    /// A list of task-instance (or DAG-run) state names; nil (after reporting) when one is unknown.
    mutating func states(_ node: Node, key: String, task id: String) -> [TaskInstanceState]? {
        var out: [TaskInstanceState] = []
        var ok = true
        for name in stringList(node, key: key, task: id) ?? [] {
            if let s = TaskInstanceState(rawValue: name) {
                out.append(s)
            } else {
                ok = false
                let valid = TaskInstanceState.allCases.map(\.rawValue)
                fail(.invalidValue, "unknown state '\(name)' in \(key)\(Suggestion.hint(for: name, in: valid)); valid states: \(valid.joined(separator: ", "))",
                     at: node, task: id, key: key)
            }
        }
        return ok ? out : nil
    }
}
