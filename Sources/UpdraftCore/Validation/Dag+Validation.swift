import Foundation

extension Dag {
    /// Every problem of this DAG, collected in one pass (never stops at the first):
    /// ids, duplicate task ids, unknown upstream ids (with a "did you mean" hint), cycles
    /// (with their path), out-of-range numbers, sensors missing fields, `expand` from an
    /// unknown task, dates, schedule and templates. Empty when the DAG is valid.
    ///
    /// Errors carry `dagId`, `taskId` and `key` but no file position; the YAML path adds it.
    public func validate() -> [DagError] {
        var v = DagValidator(dag: self)
        v.run()
        return v.errors
    }
}

/// Runs the checks of ``Dag/validate()``.
struct DagValidator {
    let dag: Dag
    var errors: [DagError] = []
    /// Template texts found valid so far in this DAG.
    var validTemplates: Set<String> = []

    init(dag: Dag) { self.dag = dag }

    mutating func report(_ code: DagError.Code, _ message: String, task: String? = nil, key: String? = nil) {
        errors.append(DagError(code, message, dagId: dag.dagId, taskId: task, key: key))
    }

    mutating func run() {
        checkDagFields()
        var seen = Set<String>()
        seen.reserveCapacity(dag.tasks.count)
        for task in dag.tasks {
            if !seen.insert(task.taskId).inserted {
                report(.duplicateTaskId, "duplicate task id '\(task.taskId)'", task: task.taskId, key: "task_id")
            }
        }
        for task in dag.tasks { check(task, known: seen) }
        for (path, closing) in CycleFinder.cycles(in: dag) {
            report(.cycle, "cycle in task dependencies: \(path.joined(separator: " -> "))",
                   task: dag.tasks[closing].taskId, key: "upstream")
        }
    }

    mutating func checkDagFields() {
        if !Self.isValidId(dag.dagId) {
            report(.invalidId, "invalid dag_id '\(dag.dagId)': use 1-250 letters, digits, '_', '-' or '.'",
                   key: "dag_id")
        }
        if let start = dag.startDate, let end = dag.endDate, end < start {
            report(.invalidDateRange, "end_date \(end) is before start_date \(start)", key: "end_date")
        }
        if dag.maxActiveRuns < 1 {
            report(.outOfRange, "max_active_runs must be at least 1, got \(dag.maxActiveRuns)", key: "max_active_runs")
        }
        if dag.maxActiveTasks < 1 {
            report(.outOfRange, "max_active_tasks must be at least 1, got \(dag.maxActiveTasks)", key: "max_active_tasks")
        }
        checkNotifiers(dag.callbacks, task: nil)
    }

    mutating func check(_ task: TaskSpec, known: Set<String>) {
        let id = task.taskId
        if !Self.isValidId(id) {
            report(.invalidId, "invalid task id '\(id)': use 1-250 letters, digits, '_', '-' or '.'",
                   task: id, key: "task_id")
        }
        for up in task.upstreamIds where !known.contains(up) {
            report(.unknownUpstream,
                   "unknown upstream task '\(up)' of task '\(id)'" + Suggestion.hint(for: up, in: dag.tasks.map(\.taskId)),
                   task: id, key: "upstream")
        }
        if task.upstreamIds.contains(id) {
            report(.cycle, "cycle in task dependencies: \(id) -> \(id)", task: id, key: "upstream")
        }
        if task.retries < 0 { report(.outOfRange, "retries of task '\(id)' must be 0 or more, got \(task.retries)", task: id, key: "retries") }
        if task.poolSlots < 1 { report(.outOfRange, "pool_slots of task '\(id)' must be at least 1, got \(task.poolSlots)", task: id, key: "pool_slots") }
        if task.pool.isEmpty { report(.invalidValue, "pool of task '\(id)' is empty", task: id, key: "pool") }
        if task.queue.isEmpty { report(.invalidValue, "queue of task '\(id)' is empty", task: id, key: "queue") }
        if let maxDelay = task.maxRetryDelay, maxDelay < task.retryDelay {
            report(.outOfRange, "max_retry_delay \(maxDelay) of task '\(id)' is below retry_delay \(task.retryDelay)",
                   task: id, key: "max_retry_delay")
        }
        if let t = task.executionTimeout, t.seconds == 0 {
            report(.outOfRange, "execution_timeout of task '\(id)' must be above 0s", task: id, key: "execution_timeout")
        }
        checkKind(task)
        checkNotifiers(task.callbacks, task: id)
        if case .xcom(let source, _)? = task.expand, !known.contains(source) {
            report(.unknownExpandSource,
                   "expand of task '\(id)' reads from unknown task '\(source)'" + Suggestion.hint(for: source, in: dag.tasks.map(\.taskId)),
                   task: id, key: "expand")
        }
        for problem in DagValidationHooks.templateProblems(task, valid: &validTemplates) {
            report(.invalidTemplate, "template in \(problem.label) of task '\(id)' does not parse: \(problem.message)",
                   task: id, key: problem.key)
        }
    }

    mutating func checkKind(_ task: TaskSpec) {
        let id = task.taskId
        switch task.kind {
        case .bash(let b), .branch(let b):
            if b.command.allSatisfy(\.isWhitespace) {
                report(.invalidValue, "command of task '\(id)' is empty", task: id, key: task.kind.isBranch ? "branch" : "bash")
            }
        case .sensor(let s):
            for problem in SensorChecks.problems(s) {
                report(.invalidSensor, "sensor '\(id)': \(problem.message)", task: id, key: problem.key)
            }
        case .empty, .swift, .swiftBranch:
            break
        }
    }

    /// Every notifier template parses (checked once per DAG for inherited `default_args` lists).
    mutating func checkNotifiers(_ callbacks: Callbacks, task: String?) {
        for event in CallbackEvent.allCases {
            for notifier in callbacks[event] {
                for (field, text) in notifier.templates where !validTemplates.contains(text) {
                    let problems = TemplateRenderer.validate(text)
                    if problems.isEmpty { validTemplates.insert(text); continue }
                    let owner = task.map { "task '\($0)'" } ?? "the DAG"
                    for p in problems {
                        report(.invalidTemplate, "template in \(field) of \(event.key) of \(owner) does not parse: \(p.message)",
                               task: task, key: event.key)
                    }
                }
            }
        }
    }

    /// Airflow's id rule: 1-250 characters from letters, digits, `_`, `-`, `.`.
    static func isValidId(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 250 else { return false }
        return id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) }
    }
}
