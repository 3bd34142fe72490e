import Yams

/// Reads the entries of a `tasks:` list (tasks and task groups) into ``DagNode``s.
extension YAMLReader {
    /// Every entry of a `tasks` list.
    mutating func taskNodes(_ node: Node) -> [DagNode] {
        guard case .sequence(let seq) = node else {
            fail(.invalidValue, "tasks must be a list of tasks and task groups", at: node, key: "tasks")
            return []
        }
        var out: [DagNode] = []
        out.reserveCapacity(seq.count)
        for item in seq {
            guard let pairs = mapping(item, what: "a task") else { continue }
            if pairs.contains(where: { $0.key == "group_id" }) {
                if let g = group(item, pairs) { out.append(.group(g)) }
            } else if let t = task(item, pairs) {
                out.append(.task(t))
            }
        }
        return out
    }

    mutating func group(_ node: Node, _ pairs: [(key: String, keyNode: Node, value: Node)]) -> TaskGroupDraft? {
        let idNode = pairs.first { $0.key == "group_id" }!.value
        guard let id = string(idNode, key: "group_id") else { return nil }
        checkKeys(pairs, allowed: SpecKeys.group, in: "task group '\(id)'", task: id)
        var draft = TaskGroupDraft(groupId: id, location: location(node))
        for (key, _, value) in pairs {
            switch key {
            case "upstream": draft.upstream = stringList(value, key: key, task: id) ?? []
            case "default_args": draft.defaultArgs = defaultArgs(value, task: id)
            case "prefix_group_id": draft.prefixGroupId = bool(value, key: key, task: id) ?? true
            case "tooltip": draft.tooltip = string(value, key: key, task: id)
            case "tasks": draft.children = taskNodes(value)
            default: break
            }
        }
        return draft
    }

    mutating func task(_ node: Node, _ pairs: [(key: String, keyNode: Node, value: Node)]) -> TaskDraft? {
        guard let idPair = pairs.first(where: { $0.key == "task_id" }) else {
            fail(.missingKey, "a task needs task_id (or group_id for a task group)", at: node, key: "task_id")
            return nil
        }
        guard let id = string(idPair.value, key: "task_id") else { return nil }
        let kinds = pairs.filter { SpecKeys.kindKeys.contains($0.key) }
        guard kinds.count == 1, let kindPair = kinds.first else {
            let given = kinds.isEmpty ? "none" : kinds.map(\.key).joined(separator: ", ")
            fail(.invalidTaskKind, "task '\(id)' needs exactly one of bash, empty, branch, sensor (given: \(given))",
                 at: node, task: id, key: "task_id")
            // Keep the task (as empty) so that tasks naming it as upstream get no extra errors.
            return TaskDraft(taskId: id, kind: .empty, location: location(node))
        }
        var allowed = SpecKeys.allowedByKind[kindPair.key] ?? []
        var sensorKind: String?
        if kindPair.key == "sensor" {
            sensorKind = string(kindPair.value, key: "sensor", task: id)
            allowed = SpecKeys.allowedBySensorKind[sensorKind ?? ""] ?? SpecKeys.allowedBySensorKind[""]!
        }
        checkKeys(pairs, allowed: allowed, in: "task '\(id)'", task: id) { key in
            guard SpecKeys.allTaskKeys.contains(key), let owner = SpecKeys.owner(of: key) else { return nil }
            return " (only valid for \(owner))"
        }
        var draft = TaskDraft(taskId: id, kind: .empty, location: location(node))
        // Only sensors and skip codes look keys up by name; other tasks skip the dictionary.
        let needsLookup = kindPair.key == "sensor" || pairs.contains { $0.key == "skip_on_exit_code" }
        var byKey: [String: Node] = [:]
        for (key, _, value) in pairs {
            if needsLookup { byKey[key] = value }
            draft.keyLocations[key] = location(value)
            if readOption(key, value, into: &draft.options, task: id) { continue }
            switch key {
            case "upstream": draft.upstream = stringList(value, key: key, task: id) ?? []
            case "expand": draft.expand = expansion(value, task: id)
            default: break
            }
        }
        draft.kind = taskKind(kindPair.key, kindPair.value, sensorKind: sensorKind, byKey, task: id) ?? .empty
        return draft
    }

    mutating func taskKind(_ key: String, _ value: Node, sensorKind: String?, _ byKey: [String: Node], task id: String) -> TaskKind? {
        switch key {
        case "bash", "branch":
            guard let command = string(value, key: key, task: id) else { return nil }
            var codes = [99]
            if let node = byKey["skip_on_exit_code"] { codes = exitCodes(node, task: id) }
            return key == "bash" ? .bash(BashCommand(command: command, skipOnExitCodes: codes))
                : .branch(BashCommand(command: command))
        case "empty":
            if bool(value, key: key, task: id) == false {
                fail(.invalidValue, "empty must be true (remove the key for other kinds)", at: value, task: id, key: key)
            }
            return .empty
        default:
            guard let sensorKind else { return nil }
            return sensor(sensorKind, at: value, byKey, task: id).map(TaskKind.sensor)
        }
    }

    mutating func exitCodes(_ node: Node, task: String) -> [Int] {
        if case .sequence(let seq) = node { return seq.compactMap { int($0, key: "skip_on_exit_code", task: task) } }
        if YAMLReader.isNull(node) { return [] }
        return int(node, key: "skip_on_exit_code", task: task).map { [$0] } ?? []
    }

    mutating func expansion(_ node: Node, task: String) -> TaskExpansion? {
        guard let pairs = mapping(node, what: "expand") else { return nil }
        checkKeys(pairs, allowed: SpecKeys.expand, in: "expand of task '\(task)'", task: task)
        let items = pairs.first { $0.key == "items" }?.value
        let xcom = pairs.first { $0.key == "xcom" }?.value
        switch (items, xcom) {
        case (let list?, nil):
            guard case .sequence = list else {
                fail(.invalidValue, "expand.items must be a list", at: list, task: task, key: "expand")
                return nil
            }
            return json(list, key: "expand.items").arrayValue.map(TaskExpansion.items)
        case (nil, let source?):
            guard let id = string(source, key: "expand.xcom", task: task) else { return nil }
            let key = pairs.first { $0.key == "key" }.flatMap { string($0.value, key: "expand.key", task: task) }
            return .xcom(taskId: id, key: key)
        default:
            fail(.invalidValue, "expand needs exactly one of items (a list) or xcom (a task id)", at: node, task: task, key: "expand")
            return nil
        }
    }
}

extension JSONValue {
    /// The elements when this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }
}
