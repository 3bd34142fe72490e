import Foundation

/// Checks that need the schedule and template modules (sched, tmpl branches); kept in one
/// place so that wiring them in touches only this file.
enum DagValidationHooks {
    /// Problems of the DAG's schedule text.
    static func scheduleProblems(_ dag: Dag) -> [String] {
        []
    }

    /// Templated fields of a task that do not parse: bash command, env values, cwd.
    static func templateProblems(_ task: TaskSpec) -> [(key: String, message: String)] {
        []
    }
}
