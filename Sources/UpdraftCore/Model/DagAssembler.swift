/// Flattens a tree of ``DagNode``s into tasks with full ids (`group.task`), layered
/// defaults and resolved edges, as Airflow does for task groups: an edge to a group means
/// its root tasks, an edge from a group means its leaf tasks.
///
/// Roots and leaves are computed from the edges inside the group only, innermost groups
/// first, so the cost is linear in tasks plus edges times group depth.
public enum DagAssembler {
    /// Assembles `nodes` with `defaults` (the DAG's `default_args`) under everything.
    public static func assemble(_ nodes: [DagNode], defaults: TaskDefaults = TaskDefaults()) -> DagAssembly {
        var state = AssemblyState()
        state.collect(nodes, scopes: [""], defaults: defaults, parent: nil, chain: [])
        return state.finish()
    }
}
