import Foundation
import Logging
import UpdraftCore
import UpdraftStore

/// Sensor tasks in the scheduler: they never reach the executor, a worker or a pool slot.
///
/// - A ready sensor instance starts a try here (`running`, try number + 1, hostname of the
///   scheduler), and the try is handed to ``SensorRuntime`` after the step's commit.
/// - `waiting` → `up_for_reschedule` (Airflow's reschedule-mode state) with `next_try_at` =
///   the next check (an `external_task` sensor: its timeout, since it reacts to events).
/// - `finished` → success / skipped, or failed: through the retry policy, except a timeout
///   or a missing target (`check_existence`), which fail for good as in Airflow.
/// - After a restart, sensor rows found `queued`, `running` or `up_for_reschedule` skip the
///   recovery grace (no worker runs them) and are resumed with the same try; the timeout
///   still counts from the row's `start_date`.
/// - `filepath` and `command` are templates (rendered with the run's dates, params,
///   variables), as Airflow's `template_fields`.
extension Scheduler {
    /// Starts a try for every ready sensor instance.
    func startReadySensors(now: Date, into c: inout StepChanges) {
        let ids = sensorReady
        sensorReady = []
        for id in ids { startSensor(id, now: now, into: &c) }
    }

    /// One new sensor try: running now, handed to the sensor runtime after the commit.
    func startSensor(_ id: TaskInstanceID, now: Date, into c: inout StepChanges) {
        withRun(RunKey(id)) { run in
            guard var rec = run.instances[id], rec.state.isRunnable || rec.state == .scheduled, run.tracker != nil,
                  let task = run.plan.task(id.taskId), case .sensor(let spec) = task.kind else { return }
            let old = rec.state
            rec.tryNumber += 1
            rec.state = .running
            rec.queuedAt = now
            rec.startDate = now
            rec.endDate = nil
            rec.nextTryAt = nil
            rec.workerId = nil
            rec.hostname = HostIdentity.hostname
            rec.pid = nil
            rec.errorMessage = nil
            run.tracker!.markQueued([id])
            run.tracker!.started(id, tryNumber: rec.tryNumber, at: now)
            run.instances[id] = rec
            c.instances[id] = rec
            c.events.append(.task(id, tryNumber: rec.tryNumber, from: old, to: .running,
                                  logicalDate: run.record.logicalDate, at: now))
            switch sensorWork(id, tryNumber: rec.tryNumber, spec: spec, run: run, firstPokeAt: now) {
            case .success(let work):
                sensorStarts.append(work)
            case .failure(let failure):
                endSensor(id, tryNumber: rec.tryNumber, state: .failed, error: failure.message,
                          retryable: failure.retryable, run: &run, now: now, into: &c)
            }
        }
    }

    /// Applies an event of the sensor runtime; one of a try that is no longer current is dropped.
    func handleSensor(_ event: SensorEvent, now: Date, into c: inout StepChanges) {
        let id = event.id
        withRun(RunKey(id)) { run in
            guard var rec = run.instances[id], run.tracker != nil,
                  rec.state == .running || rec.state == .upForReschedule else { return }
            switch event {
            case .waiting(_, let tryNumber, let next):
                guard rec.tryNumber == tryNumber else { return }
                let old = rec.state
                rec.state = .upForReschedule
                rec.nextTryAt = next
                run.instances[id] = rec
                c.instances[id] = rec
                if old != .upForReschedule {
                    c.events.append(.task(id, tryNumber: tryNumber, from: old, to: .upForReschedule,
                                          logicalDate: run.record.logicalDate, at: now))
                }
            case .finished(_, let tryNumber, let state, let error, let retryable):
                guard rec.tryNumber == tryNumber else { return }
                endSensor(id, tryNumber: tryNumber, state: state, error: error, retryable: retryable,
                          run: &run, now: now, into: &c)
            }
        }
    }

    /// Ends the current try of sensor `id` in `state`.
    func endSensor(
        _ id: TaskInstanceID, tryNumber: Int, state: TaskInstanceState, error: String?, retryable: Bool,
        run: inout ActiveRun, now: Date, into c: inout StepChanges
    ) {
        guard var rec = run.instances[id], run.tracker != nil else { return }
        rec.endDate = now
        rec.errorMessage = error
        rec.nextTryAt = nil
        run.instances[id] = rec
        let decisions = state == .failed && !retryable
            ? run.tracker!.setState(id, .failed, now: now)
            : run.tracker!.finished(id, state: state, now: now)
        apply(decisions, to: &run, now: now, into: &c)
        var final = run.instances[id] ?? rec
        if final.errorMessage == nil, let error { final.errorMessage = error }
        run.instances[id] = final
        c.instances[id] = final
        // Like a worker's silent success: no log file unless there is something to say.
        if final.state != .success || error != nil {
            let logFile = home.logFile(for: id, tryNumber: tryNumber)
            logs.appendLine(TaskLogLines.header(final, at: final.startDate ?? now), to: logFile)
            if let error { logs.appendLine("sensor: \(error)", to: logFile) }
            let durationUs = UInt64(max(0, now.timeIntervalSince(final.startDate ?? now)) * 1_000_000)
            logs.appendLine(TaskLogLines.footer(final, durationUs: durationUs), to: logFile)
            logs.close(logFile)
        }
        if console != nil, final.state != .success {
            c.consoleLines.append(ConsoleReporter.tryLine(final, now: now))
        }
    }

    /// Sensor rows a previous scheduler left in flight: resumed with the same try.
    func resumeSensors(of run: ActiveRun, now: Date) {
        for rec in run.instances.values where [.queued, .running, .upForReschedule].contains(rec.state) {
            guard let task = run.plan.task(rec.id.taskId), case .sensor(let spec) = task.kind else { continue }
            if case .success(let work) = sensorWork(rec.id, tryNumber: max(1, rec.tryNumber), spec: spec, run: run,
                                                    firstPokeAt: rec.startDate ?? now) {
                sensorStarts.append(work)
            } else {
                // The same failure shows again on the next try; keep the row waiting for its timeout.
                logger.warning("sensor \(rec.id) cannot be resumed: its fields no longer render")
            }
        }
    }

    /// Whether `taskId` of `plan` is a sensor.
    func isSensor(_ taskId: String, in plan: DagPlan) -> Bool {
        if case .sensor? = plan.task(taskId)?.kind { return true }
        return false
    }

    /// After the step's commit: hands new tries to the sensor runtime and stops the tries of
    /// runs that ended.
    func syncSensors(after changes: StepChanges) async {
        for (key, _) in changes.finishedRuns { await sensors.cancelRun(dagId: key.dagId, runId: key.runId) }
        guard !sensorStarts.isEmpty else { return }
        let works = sensorStarts
        sensorStarts = []
        await sensors.start(works)
    }

    /// The sensor try: templated fields rendered, an `external_task` target checked and its
    /// task group resolved when the other DAG lives here.
    func sensorWork(_ id: TaskInstanceID, tryNumber: Int, spec: SensorSpec, run: ActiveRun, firstPokeAt: Date)
        -> Result<SensorWork, DispatchBuilder.Failure>
    {
        var spec = spec
        var resolved: [String] = []
        var context = TemplateContext(
            dagId: id.dagId, taskId: id.taskId, runId: id.runId, logicalDate: run.record.logicalDate,
            dataIntervalStart: run.record.dataIntervalStart, dataIntervalEnd: run.record.dataIntervalEnd,
            params: run.params, variables: variables, conf: run.record.conf,
            mapItem: nil, mapIndex: id.mapIndex >= 0 ? id.mapIndex : nil, tryNumber: tryNumber)
        context.connections = connections
        func render(_ text: String, _ field: String) throws -> String {
            try TemplateRenderer.render(text, context: context, location: TemplateLocation(taskId: id.taskId, field: field))
        }
        do {
            switch spec.kind {
            case .file(let path): spec.kind = .file(path: try render(path, "filepath"))
            case .command(let command): spec.kind = .command(try render(command, "command"))
            case .timeDelta: break
            case .externalTask(let target):
                switch resolveExternalTarget(target, sensor: id.taskId) {
                case .success(let ids): resolved = ids
                case .failure(let failure): return .failure(failure)
                }
            }
        } catch {
            return .failure(DispatchBuilder.Failure(message: "template error: \(error)", retryable: true))
        }
        return .success(SensorWork(id: id, tryNumber: tryNumber, spec: spec, logicalDate: run.record.logicalDate,
                                   dataIntervalEnd: run.record.dataIntervalEnd, firstPokeAt: firstPokeAt,
                                   resolvedTaskIds: resolved))
    }

    /// The task ids of an `external_task` target's group (empty when none or remote), or the
    /// `check_existence` failure naming what is missing.
    func resolveExternalTarget(_ target: ExternalTaskTarget, sensor: String) -> Result<[String], DispatchBuilder.Failure> {
        guard target.endpoint == nil else { return .success([]) }
        let what = "external_task sensor '\(sensor)'"
        guard let plan = plans[target.externalDagId] else {
            guard target.checkExistence else { return .success([]) }
            let known = plans.keys.sorted().prefix(20).joined(separator: ", ")
            return .failure(.init(message: "\(what): DAG '\(target.externalDagId)' does not exist in this deployment (check_existence: true); known DAGs: \(known.isEmpty ? "none" : known)", retryable: false))
        }
        var groupIds: [String] = []
        if let group = target.externalTaskGroupId {
            groupIds = plan.dag.tasks.map(\.taskId).filter { $0.hasPrefix(group + ".") }
            if groupIds.isEmpty, target.checkExistence {
                return .failure(.init(message: "\(what): DAG '\(target.externalDagId)' has no task group '\(group)' (check_existence: true)", retryable: false))
            }
        }
        if target.checkExistence {
            let missing = target.externalTaskIds.filter { plan.task($0) == nil }
            if !missing.isEmpty {
                return .failure(.init(message: "\(what): DAG '\(target.externalDagId)' has no task \(missing.map { "'\($0)'" }.joined(separator: ", ")) (check_existence: true)", retryable: false))
            }
        }
        return .success(groupIds)
    }
}
