import Foundation
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// Collects the callbacks a task-instance change fires (``CallbackDecision``) into the
    /// step; they are handed to the ``NotifierDispatcher`` after the commit. Costs one
    /// switch when the change fires nothing.
    func noteCallbacks(of rec: TaskInstanceRecord, from old: TaskInstanceState?, run: ActiveRun, now: Date,
                       into c: inout StepChanges) {
        guard let event = CallbackDecision.taskEvent(from: old, to: rec.state),
              let task = run.plan.task(rec.id.taskId) else { return }
        let notifiers = task.callbacks[event]
        guard !notifiers.isEmpty else { return }
        var context = notificationContext(run: run, taskId: rec.id.taskId, mapIndex: rec.id.mapIndex, tryNumber: rec.tryNumber)
        let error = rec.errorMessage ?? ""
        context.notification = notificationFields(run: run, taskId: rec.id.taskId, mapIndex: rec.id.mapIndex,
                                                  event: event, state: rec.state.rawValue, exception: error, reason: error)
        let label = "\(rec.id.dagId)/\(rec.id.runId)/\(rec.id.taskId)" + (rec.id.mapIndex >= 0 ? "[\(rec.id.mapIndex)]" : "")
        for notifier in notifiers {
            c.notifications.append(PendingNotification(notifier: notifier, event: event, context: context,
                                                       masker: secretMasker, label: label, decidedAt: now))
        }
    }

    /// The run-end callbacks (`on_success_callback` / `on_failure_callback` of the DAG).
    /// `reason` is Airflow's (`success`, `task_failure`); `exception` names the failed tasks.
    func noteRunCallbacks(of run: ActiveRun, from old: DagRunState, now: Date, into c: inout StepChanges) {
        guard let event = CallbackDecision.runEvent(from: old, to: run.record.state) else { return }
        let notifiers = run.plan.dag.callbacks[event]
        guard !notifiers.isEmpty else { return }
        var context = notificationContext(run: run, taskId: "", mapIndex: -1, tryNumber: 0)
        var exception = ""
        if event == .failure {
            let failed = run.instances.values.filter { $0.state == .failed }.sorted { $0.id.taskId < $1.id.taskId }
            exception = failed.prefix(5).map { "task '\($0.id.taskId)' failed" + ($0.errorMessage.map { ": \($0)" } ?? "") }
                .joined(separator: "; ")
        }
        context.notification = notificationFields(run: run, taskId: nil, mapIndex: -1, event: event,
                                                  state: run.record.state.rawValue, exception: exception,
                                                  reason: event == .success ? "success" : "task_failure")
        let label = "\(run.record.dagId)/\(run.record.runId)"
        for notifier in notifiers {
            c.notifications.append(PendingNotification(notifier: notifier, event: event, context: context,
                                                       masker: secretMasker, label: label, decidedAt: now))
        }
    }

    /// The task's template context (as its dispatch had it, without XCom values).
    private func notificationContext(run: ActiveRun, taskId: String, mapIndex: Int, tryNumber: Int) -> TemplateContext {
        var context = TemplateContext(
            dagId: run.record.dagId, taskId: taskId, runId: run.record.runId, logicalDate: run.record.logicalDate,
            dataIntervalStart: run.record.dataIntervalStart, dataIntervalEnd: run.record.dataIntervalEnd,
            params: run.params, variables: variables, conf: run.record.conf,
            mapIndex: mapIndex >= 0 ? mapIndex : nil, tryNumber: tryNumber)
        context.connections = connections
        return context
    }

    private func notificationFields(run: ActiveRun, taskId: String?, mapIndex: Int, event: CallbackEvent,
                                    state: String, exception: String, reason: String) -> [String: JSONValue] {
        var fields: [String: JSONValue] = [
            "event": .string(event.rawValue), "state": .string(state),
            "exception": .string(exception), "reason": .string(reason),
            "dag_run_url": .string(""), "ti_url": .string(""),
        ]
        if let base = configuration.notifications.apiBaseURL {
            let runURL = NotificationLinks.dagRunURL(base: base, dagId: run.record.dagId, runId: run.record.runId)
            fields["dag_run_url"] = .string(runURL)
            if let taskId { fields["ti_url"] = .string(NotificationLinks.taskInstanceURL(dagRunURL: runURL, taskId: taskId, mapIndex: mapIndex)) }
        }
        return fields
    }
}

/// Links to the HTTP API for notifier templates (`dag_run_url`, `ti_url`).
enum NotificationLinks {
    /// Path-segment characters left as they are (RFC 3986 pchar, without `/`).
    static let segment = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~!$&'()*,;=:@"))

    /// `BASE/api/v1/dags/D/dagRuns/R`.
    static func dagRunURL(base: String, dagId: String, runId: String) -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return "\(trimmed)/api/v1/dags/\(escape(dagId))/dagRuns/\(escape(runId))"
    }

    /// `DAG_RUN_URL/taskInstances/T` (`?map_index=N` for a mapped instance).
    static func taskInstanceURL(dagRunURL: String, taskId: String, mapIndex: Int) -> String {
        "\(dagRunURL)/taskInstances/\(escape(taskId))" + (mapIndex >= 0 ? "?map_index=\(mapIndex)" : "")
    }

    static func escape(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: segment) ?? part
    }
}
