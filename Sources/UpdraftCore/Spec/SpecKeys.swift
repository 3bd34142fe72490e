/// The keys a DAG file may use, by place. `examples/README.md` documents each one.
enum SpecKeys {
    /// Top level of a DAG file.
    static let dag: Set<String> = [
        "dag_id", "description", "schedule", "start_date", "end_date", "timezone", "catchup",
        "max_active_runs", "max_active_tasks", "tags", "params", "default_args", "tasks",
        "on_success_callback", "on_failure_callback",
    ]
    /// A task group entry of `tasks`.
    static let group: Set<String> = ["group_id", "upstream", "default_args", "prefix_group_id", "tooltip", "tasks"]
    /// Keys every task may use (plus ``YAMLReader/optionKeys``).
    static let taskCommon: Set<String> = ["task_id", "upstream", "expand"]
    /// The keys that choose a task's kind; exactly one is required.
    static let kindKeys = ["bash", "empty", "branch", "sensor"]
    /// Keys of bash tasks.
    static let bash: Set<String> = ["bash", "skip_on_exit_code"]
    /// Keys every sensor may use.
    static let sensorCommon: Set<String> = ["sensor", "poke_interval", "timeout", "exponential_backoff", "max_wait", "soft_fail"]
    /// Keys of each sensor kind.
    static let sensorKind: [String: Set<String>] = [
        "external_task": [
            "external_dag_id", "external_task_id", "external_task_ids", "external_task_group_id",
            "allowed_states", "failed_states", "skipped_states", "execution_delta", "check_existence", "endpoint",
            "server_key",
        ],
        "file": ["filepath"],
        "time_delta": ["delta"],
        "command": ["command"],
    ]
    /// Keys of `expand`.
    static let expand: Set<String> = ["items", "xcom", "key"]

    /// Keys allowed on a task of each kind key (`bash`, `empty`, `branch`), computed once.
    static let allowedByKind: [String: Set<String>] = {
        let common = taskCommon.union(YAMLReader.optionKeys)
        return ["bash": common.union(bash), "empty": common.union(["empty"]), "branch": common.union(["branch"])]
    }()

    /// Keys allowed on a sensor of each kind; an unknown kind allows every sensor key.
    static let allowedBySensorKind: [String: Set<String>] = {
        let common = taskCommon.union(YAMLReader.optionKeys).union(sensorCommon)
        var out = sensorKind.mapValues { common.union($0) }
        out[""] = sensorKind.values.reduce(common) { $0.union($1) }
        return out
    }()

    /// Every task key of any kind, for "did you mean" hints and "only valid for" messages.
    static let allTaskKeys: Set<String> = {
        var all = taskCommon.union(YAMLReader.optionKeys).union(bash).union(sensorCommon)
        all.formUnion(kindKeys)
        for keys in sensorKind.values { all.formUnion(keys) }
        return all
    }()

    /// Which kind a kind-specific key belongs to, for messages.
    static func owner(of key: String) -> String? {
        if bash.contains(key) { return "bash tasks" }
        if sensorCommon.contains(key) { return "sensors" }
        for (kind, keys) in sensorKind where keys.contains(key) { return "\(kind) sensors" }
        return nil
    }
}
