import Foundation
import UpdraftCore
import UpdraftStore

/// One DAG run the scheduler is driving: its record, the DAG version it runs, the planner
/// (`RunTracker`, nil while the run waits in queued for a `max_active_runs` slot), the
/// full task-instance rows (the planner keeps only what it decides on), and its XComs.
struct ActiveRun {
    /// The run's row as last written.
    var record: DagRunRecord
    /// The DAG version the run was started with (a re-parse affects new runs only).
    let plan: DagPlan
    /// The planner; nil until the run starts.
    var tracker: RunTracker?
    /// Task-instance rows by id.
    var instances: [TaskInstanceID: TaskInstanceRecord]
    /// XCom values pushed in this run.
    var xcoms: RunXComs
    /// The DAG's params with the run's conf laid over them.
    let params: [String: JSONValue]
    /// ``params`` as JSON text (TaskDispatch.params_json).
    let paramsJSON: Data
    /// When the planner asked to be woken (a retry comes due).
    var wakeup: Date?

    init(record: DagRunRecord, plan: DagPlan, instances: [TaskInstanceRecord] = [], xcoms: [XComRecord] = []) {
        self.record = record
        self.plan = plan
        self.instances = Dictionary(instances.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        self.xcoms = RunXComs(xcoms)
        params = plan.params(conf: record.conf)
        paramsJSON = JSONText.data(.object(params))
    }

    var key: RunKey { RunKey(record.dagId, record.runId) }

    /// A new row for an instance the planner created, with the task's pool, queue and weight.
    func newInstance(_ view: TaskInstanceView) -> TaskInstanceRecord {
        let task = plan.task(view.id.taskId)
        return TaskInstanceRecord(
            id: view.id, state: view.state, tryNumber: view.tryNumber, maxTries: view.maxTries,
            pool: task?.pool ?? "default_pool", poolSlots: task?.poolSlots ?? 1,
            priorityWeight: plan.priorities[view.id.taskId] ?? 1, queue: task?.queue ?? "default")
    }
}

extension TaskInstanceView {
    /// The planner's view of a stored row.
    init(_ r: TaskInstanceRecord) {
        self.init(id: r.id, state: r.state, tryNumber: r.tryNumber, maxTries: r.maxTries,
                  nextTryAt: r.nextTryAt, startDate: r.startDate, endDate: r.endDate)
    }
}

extension ActiveRun {
    /// Lengths of the lists that mapped tasks expand over, from the run's XComs (a restarted
    /// run's planner needs them for expansions already made).
    var knownMapLengths: [String: Int] {
        var out: [String: Int] = [:]
        for (source, readers) in plan.mappedReaders {
            for (reader, key) in readers {
                if case .array(let list)? = xcoms.value(XComKey(taskId: source, key: key)) { out[reader] = list.count }
            }
        }
        return out
    }
}
