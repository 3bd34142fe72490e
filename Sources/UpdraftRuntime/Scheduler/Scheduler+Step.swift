import Foundation
import Logging
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// One step: applies `batch`, admits ready instances into free slots, then commits,
    /// submits, publishes (in that order), and re-arms the timer.
    func step(_ batch: [SchedulerInput]) async throws {
        var changes = StepChanges()
        let now = configuration.clock.date
        for input in batch {
            switch input {
            case .executor(let event):
                handle(event, now: now, into: &changes)
            case .timer:
                await onTimer(now: now, into: &changes)
            case .externalChange:
                await reloadExternalChanges(now: now, into: &changes)
            case .runCreated(let record):
                await adopt(record, fresh: true, now: now, into: &changes)
            case .dagsLoaded(let loaded):
                await applyDags(loaded, now: now)
            case .sensor(let event):
                handleSensor(event, now: now, into: &changes)
            }
        }
        let reviewDue = recovery.takeReviewDue()
        if changes.recoveryReports || reviewDue, !recovery.recovering.isEmpty {
            await reviewRecovery(now: now, into: &changes)
        }
        await startQueuedRuns(now: now, into: &changes)
        dispatchReady(now: now, into: &changes)
        try await apply(changes)
        await syncSensors(after: changes)
        armTimer()
    }

    /// Commits, then submits, then publishes, then answers waiters. The commit waits out an
    /// unreachable store (``commitDurably(_:)``); any other failure ends ``run()`` and
    /// nothing of this step leaves the scheduler (the store stays the truth for the next start).
    func apply(_ changes: StepChanges) async throws {
        guard !changes.isEmpty else { return }
        let batch = changes.batch
        if !batch.isEmpty { try await commitDurably(batch) }
        // Workers whose join is durable may get tries; then work (it waits on nothing but
        // the commit), then the events.
        let joined = changes.workers.compactMap { $0.value?.workerId }
        if !joined.isEmpty { await executor.confirmWorkers(joined.sorted()) }
        if !changes.work.isEmpty { await executor.submit(changes.work) }
        await events.publish(changes.events)
        // Callbacks go to the dispatcher without waiting: nothing downstream waits on them.
        if !changes.notifications.isEmpty { notifier.enqueue(changes.notifications) }
        if let console {
            for line in changes.consoleLines { console.print(line) }
        }
        for (key, state) in changes.finishedRuns {
            runs[key] = nil
            for waiter in runWaiters.removeValue(forKey: key) ?? [] { waiter.resume(returning: state) }
        }
    }

    /// Runs `body` on the active run `key` in place (taken out of the dictionary meanwhile, so
    /// its instance table is never copied); nil when the run is not active.
    @discardableResult
    func withRun<T>(_ key: RunKey, _ body: (inout ActiveRun) -> T) -> T? {
        guard var run = runs.removeValue(forKey: key) else { return nil }
        let result = body(&run)
        runs[key] = run
        return result
    }

    /// Applies the planner's decisions to `run`: row changes (one event each), newly ready
    /// instances, the run's state.
    func apply(_ d: RunDecisions, to run: inout ActiveRun, now: Date, into c: inout StepChanges) {
        for view in d.changed {
            let old = run.instances[view.id]
            var rec = old ?? run.newInstance(view)
            rec.state = view.state
            rec.tryNumber = view.tryNumber
            rec.maxTries = view.maxTries
            rec.nextTryAt = view.nextTryAt
            if view.state.isFinished, rec.endDate == nil { rec.endDate = now }
            run.instances[view.id] = rec
            c.instances[view.id] = rec
            if old?.state != view.state {
                c.events.append(.task(view.id, tryNumber: rec.tryNumber, from: old?.state, to: view.state,
                                      logicalDate: run.record.logicalDate, at: now))
                if run.plan.hasCallbacks { noteCallbacks(of: rec, from: old?.state, run: run, now: now, into: &c) }
            }
            if view.state.isFinished || view.state == .upForRetry {
                ledger.release(view.id)
                ready.remove(view.id)
            }
        }
        for id in d.toSchedule { enqueueReady(id, run: run) }
        for problem in d.problems { logger.warning("\(problem)") }
        for taskId in d.awaitingMapLength { expandMapped(taskId, run: &run, now: now, into: &c) }
        if let wake = d.nextWakeup { run.wakeup = min(run.wakeup ?? wake, wake) }
        if let state = d.runState, state != run.record.state { setRunState(state, of: &run, now: now, into: &c) }
    }

    /// Expands a mapped task whose list length the planner does not know (after a restart,
    /// or when the upstream's value is not a list) from the run's XComs; a missing or
    /// non-list value fails the mapped task with a message saying what it got.
    func expandMapped(_ taskId: String, run: inout ActiveRun, now: Date, into c: inout StepChanges) {
        guard case .xcom(let source, let key)? = run.plan.task(taskId)?.expand, run.tracker != nil else { return }
        let xcomKey = key ?? XComKey.returnValue
        if case .array(let list)? = run.xcoms.value(XComKey(taskId: source, key: xcomKey)) {
            let decisions = run.tracker!.expand(taskId: taskId, length: list.count, now: now)
            apply(decisions, to: &run, now: now, into: &c)
        } else {
            let got = run.xcoms.value(XComKey(taskId: source, key: xcomKey))
                .map { String(decoding: JSONText.data($0), as: UTF8.self).prefix(200) } ?? "no value"
            failTask(taskId, message: "cannot expand '\(taskId)' over XCom '\(xcomKey)' of '\(source)': expected a JSON list, got \(got)",
                     run: &run, now: now, into: &c)
        }
    }

    /// Moves a run to `state` (dates, event, console line, waiters once finished).
    func setRunState(_ state: DagRunState, of run: inout ActiveRun, now: Date, into c: inout StepChanges) {
        let old = run.record.state
        run.record.state = state
        if state == .running, run.record.startDate == nil { run.record.startDate = now }
        if state.isFinished {
            run.record.endDate = now
            c.finishedRuns.append((run.key, state))
            ready.removeRun(dagId: run.record.dagId, runId: run.record.runId)
            runsChanged = true
        }
        c.runs[run.key] = run.record
        if run.plan.hasCallbacks { noteRunCallbacks(of: run, from: old, now: now, into: &c) }
        c.events.append(.run(dagId: run.record.dagId, runId: run.record.runId, from: old, to: state,
                             logicalDate: run.record.logicalDate, at: now))
        if console != nil { c.consoleLines.append(ConsoleReporter.runLine(run.record, now: now)) }
    }

    /// Puts a ready instance in the slot queue (empty tasks skip it: they complete here).
    func enqueueReady(_ id: TaskInstanceID, run: ActiveRun) {
        guard let task = run.plan.task(id.taskId) else { return }
        if case .empty = task.kind {
            emptyReady.append(id)
            return
        }
        if case .sensor = task.kind {
            sensorReady.append(id)
            return
        }
        ready.insert(id: id, pool: task.pool, poolSlots: task.poolSlots,
                     priority: run.plan.priorities[id.taskId] ?? task.priorityWeight,
                     logicalDate: run.record.logicalDate, order: run.plan.taskIndex[id.taskId] ?? 0)
    }
}
