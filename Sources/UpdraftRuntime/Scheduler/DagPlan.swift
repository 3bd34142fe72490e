import Foundation
import UpdraftCore

/// What the scheduler derives once per DAG version and reads on every dispatch: task
/// lookup, effective priority weights, the XCom keys each task reads, and which tasks are
/// mapped over which upstream's XCom.
struct DagPlan: Sendable {
    /// The DAG.
    let dag: Dag
    /// Task position by task id.
    let taskIndex: [String: Int]
    /// Effective priority weight by task id (weight rules applied).
    let priorities: [String: Int]
    /// Per task: direct upstream `return_value`s and every `ti.xcom_pull` of its templates.
    private let inputs: [String: [XComKey]]
    /// Source task id → the tasks `expand`ed over its XCom (and the key they read).
    let mappedReaders: [String: [(taskId: String, key: String)]]
    /// The DAG's timetable.
    let timetable: Timetable
    /// True when the DAG or any task has a callback: only then are state changes checked for one.
    let hasCallbacks: Bool

    init(_ dag: Dag) {
        self.dag = dag
        taskIndex = dag.taskIndex
        priorities = dag.effectivePriorityWeights()
        timetable = Timetable(schedule: dag.schedule, timeZone: dag.timezone, startDate: dag.startDate,
                              endDate: dag.endDate, catchup: dag.catchup)
        var inputs: [String: [XComKey]] = [:]
        var readers: [String: [(taskId: String, key: String)]] = [:]
        for task in dag.tasks {
            var keys = task.upstreamIds.map { XComKey(taskId: $0) }
            var templates: [String] = Array(task.env.values)
            if let cwd = task.cwd { templates.append(cwd) }
            switch task.kind {
            case .bash(let b), .branch(let b): templates.append(b.command)
            default: break
            }
            for t in templates { keys += TemplateRenderer.xcomReferences(in: t) }
            var seen = Set<XComKey>()
            inputs[task.taskId] = keys.filter { seen.insert($0).inserted }
            if case .xcom(let source, let key)? = task.expand {
                readers[source, default: []].append((task.taskId, key ?? XComKey.returnValue))
            }
        }
        self.inputs = inputs
        mappedReaders = readers
        hasCallbacks = !dag.callbacks.isEmpty || dag.tasks.contains { !$0.callbacks.isEmpty }
    }

    /// The task `taskId`, if the DAG has it.
    func task(_ taskId: String) -> TaskSpec? { taskIndex[taskId].map { dag.tasks[$0] } }

    /// The XCom keys task `taskId` reads.
    func xcomInputs(of taskId: String) -> [XComKey] { inputs[taskId] ?? [] }

    /// The DAG's params with the run's conf laid over them (conf wins), as Airflow does.
    func params(conf: [String: JSONValue]) -> [String: JSONValue] {
        dag.params.merging(conf) { _, new in new }
    }
}
