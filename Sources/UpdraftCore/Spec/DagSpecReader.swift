import Foundation
import Yams

/// Reads the top level of a DAG file.
extension YAMLReader {
    /// What ``dag(_:)`` produced: the DAG (possibly incomplete when there were errors),
    /// the task assembly with positions, and where each top-level key's value is written.
    struct DagRead {
        var dag: Dag
        var assembly: DagAssembly
        var keyLocations: [String: SourceLocation]
        var rootLocation: SourceLocation
    }

    mutating func dag(_ root: Node) -> DagRead {
        var dag = Dag(dagId: "")
        var keyLocations: [String: SourceLocation] = [:]
        let rootLocation = SourceLocation(file: file, line: root.mark?.line ?? 1, column: root.mark?.column ?? 1)
        let empty = DagAssembly(tasks: [], groups: [], taskLocations: [], keyLocations: [], errors: [])
        guard let pairs = mapping(root, what: "a DAG file") else {
            return DagRead(dag: dag, assembly: empty, keyLocations: [:], rootLocation: rootLocation)
        }
        checkKeys(pairs, allowed: SpecKeys.dag, in: "the DAG") { key in
            CallbackEvent.taskKeys.contains(key) ? " (a task callback: put it on tasks or in default_args)" : nil
        }
        var byKey: [String: Node] = [:]
        for pair in pairs {
            byKey[pair.key] = pair.value
            keyLocations[pair.key] = location(pair.value)
        }
        if let node = byKey["dag_id"] {
            dag.dagId = string(node, key: "dag_id") ?? ""
        } else {
            fail(.missingKey, "missing dag_id: every DAG file needs one", at: root, key: "dag_id")
        }
        if let node = byKey["timezone"], let name = string(node, key: "timezone") {
            if let zone = TimeZone(identifier: name) {
                dag.timezone = zone
            } else {
                let hint = Suggestion.hint(for: name, in: TimeZone.knownTimeZoneIdentifiers)
                fail(.invalidTimezone, "unknown timezone '\(name)'\(hint): use an IANA name such as UTC or Europe/Berlin",
                     at: node, key: "timezone")
            }
        }
        for (key, _, value) in pairs {
            switch key {
            case "description": dag.description = string(value, key: key)
            case "schedule": dag.schedule = schedule(value)
            case "start_date": dag.startDate = date(value, key: key, zone: dag.timezone)
            case "end_date": dag.endDate = date(value, key: key, zone: dag.timezone)
            case "catchup": dag.catchup = bool(value, key: key) ?? false
            case "max_active_runs": dag.maxActiveRuns = int(value, key: key) ?? 16
            case "max_active_tasks": dag.maxActiveTasks = int(value, key: key) ?? 16
            case "tags": dag.tags = stringList(value, key: key) ?? []
            case "params":
                if case .object(let o) = json(value, key: key) {
                    dag.params = o
                } else {
                    fail(.invalidValue, "params must be a mapping of names to values", at: value, key: key)
                }
            case "default_args": dag.defaultArgs = defaultArgs(value)
            case "on_success_callback", "on_failure_callback":
                if let event = CallbackEvent(key: key), let list = notifiers(value, key: key, task: nil) {
                    dag.callbacks[event] = list
                }
            default: break
            }
        }
        var assembly = empty
        if let node = byKey["tasks"] {
            assembly = DagAssembler.assemble(taskNodes(node), defaults: dag.defaultArgs)
            dag.tasks = assembly.tasks
            dag.taskGroups = assembly.groups
        } else {
            fail(.missingKey, "missing tasks: a DAG needs a list of tasks", at: root, key: "tasks")
        }
        dag.fileLocation = file
        return DagRead(dag: dag, assembly: assembly, keyLocations: keyLocations, rootLocation: rootLocation)
    }

    /// A `schedule` value: null, a cron expression, a preset or an interval.
    mutating func schedule(_ node: Node) -> Schedule {
        if YAMLReader.isNull(node) { return .none }
        guard let text = string(node, key: "schedule") else { return .none }
        do {
            return try Schedule(parsing: text)
        } catch {
            fail(.invalidSchedule, "invalid schedule '\(text)': \(error.message)", at: node, key: "schedule")
            return .none
        }
    }

    mutating func date(_ node: Node, key: String, zone: TimeZone) -> Date? {
        guard let text = string(node, key: key) else { return nil }
        if let d = ISOTimestamp.parse(text, defaultTimeZone: zone) { return d }
        fail(.invalidDate, "\(key) '\(text)' is not a date (2026-01-01) or ISO-8601 datetime (2026-01-01T06:00:00)",
             at: node, key: key)
        return nil
    }
}
