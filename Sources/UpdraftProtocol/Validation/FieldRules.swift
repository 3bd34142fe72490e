/// Small checks shared by the `collectProblems` implementations.
enum FieldRules {
    /// Stop checking repeated fields after this many problems, so a frame with a million
    /// bad entries costs a bounded error message (the first problems say enough). Loops over
    /// repeated fields go through `withUnsafeBufferPointer`, whose subscript borrows each
    /// element (an array subscript copied it, retaining every string): validation runs for
    /// every message sent and received.
    static let maxProblems = 10

    /// Adds "`field` is empty" when `value` is empty.
    static func nonEmpty(_ value: String, _ field: @autoclosure () -> String, _ problems: inout [String]) {
        if value.isEmpty { problems.append("\(field()) is empty") }
    }

    /// Adds a problem when `mapIndex` is below -1 (-1 = not mapped).
    static func mapIndex(_ mapIndex: Int32, _ field: @autoclosure () -> String, _ problems: inout [String]) {
        if mapIndex < -1 { problems.append("\(field()) is \(mapIndex), expected -1 (not mapped) or more") }
    }

    /// Checks the `key` field of a task message: present and complete.
    static func key(hasKey: Bool, _ key: WireTaskInstanceKey, _ problems: inout [String]) {
        guard hasKey else {
            problems.append("key is missing")
            return
        }
        key.collectProblems(prefix: "key.", into: &problems)
    }
}

extension WireTaskInstanceKey {
    /// Checks dag_id, run_id, task_id, map_index and try_number; `prefix` names the field
    /// that holds this key (`"key."`, `"running[2]."`).
    func collectProblems(prefix: @autoclosure () -> String, into problems: inout [String]) {
        FieldRules.nonEmpty(dagID, prefix() + "dag_id", &problems)
        FieldRules.nonEmpty(runID, prefix() + "run_id", &problems)
        FieldRules.nonEmpty(taskID, prefix() + "task_id", &problems)
        FieldRules.mapIndex(mapIndex, prefix() + "map_index", &problems)
        if tryNumber < 1 { problems.append("\(prefix())try_number is 0, expected 1 or more") }
    }
}

extension WireXComValue {
    /// Checks task_id, key, map_index and that `json` is UTF-8.
    func collectProblems(prefix: @autoclosure () -> String, into problems: inout [String]) {
        FieldRules.nonEmpty(taskID, prefix() + "task_id", &problems)
        FieldRules.nonEmpty(key, prefix() + "key", &problems)
        FieldRules.mapIndex(mapIndex, prefix() + "map_index", &problems)
        if String(validating: json, as: UTF8.self) == nil {
            problems.append("\(prefix())json is not valid UTF-8")
        }
    }
}
