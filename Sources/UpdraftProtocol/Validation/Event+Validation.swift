extension WireStateChangeEvent: WireMessage {
    /// Needs an entity, dag_id and run_id; a task-instance event also needs task_id, a valid
    /// map_index and new_task_state; a DAG-run event needs new_run_state.
    public func collectProblems(into problems: inout [String]) {
        FieldRules.nonEmpty(dagID, "dag_id", &problems)
        FieldRules.nonEmpty(runID, "run_id", &problems)
        switch entity {
        case .unspecified:
            problems.append("entity is unspecified")
        case .taskInstance:
            FieldRules.nonEmpty(taskID, "task_id", &problems)
            FieldRules.mapIndex(mapIndex, "map_index", &problems)
            if newTaskState == .unspecified { problems.append("new_task_state is unspecified") }
        case .dagRun:
            if newRunState == .unspecified { problems.append("new_run_state is unspecified") }
        case .UNRECOGNIZED:
            break
        }
    }
}

extension WireStatsRequest: WireMessage {
    /// Every field is optional.
    public func collectProblems(into problems: inout [String]) {}
}

extension WireStatsReply: WireMessage {
    /// Every field is optional.
    public func collectProblems(into problems: inout [String]) {}
}
