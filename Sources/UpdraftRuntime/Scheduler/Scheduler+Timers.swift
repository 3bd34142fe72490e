import Foundation
import Logging
import UpdraftCore
import UpdraftStore

extension Scheduler {
    /// A timer fired: due retries, cron ticks, the end of the recovery grace.
    func onTimer(now: Date, into c: inout StepChanges) async {
        timerTask = nil
        timerDeadline = nil
        for key in runs.keys {
            guard let wake = runs[key]?.wakeup, wake <= now else { continue }
            withRun(key) { run in
                guard run.tracker != nil else { return }
                let decisions = run.tracker!.wake(now: now)
                run.wakeup = decisions.nextWakeup
                apply(decisions, to: &run, now: now, into: &c)
            }
        }
        await createScheduledRuns(now: now, into: &c)
        if let deadline = recovery.deadline, deadline <= now {
            await reviewRecovery(now: now, into: &c)
        }
    }

    /// Creates the scheduled runs that are due (``ScheduledRunPlanner``: each unpaused DAG's
    /// timetable, catchup, start/end dates) and notes when the next one is.
    func createScheduledRuns(now: Date, into c: inout StepChanges) async {
        for dagId in plans.keys.sorted() {
            guard let plan = plans[dagId], !paused.contains(dagId) else { continue }
            if case .none = plan.dag.schedule { continue }
            if let next = nextScheduledAt[dagId], next > now { continue }
            if lastScheduled[dagId] == nil {
                do {
                    let latest = try await store.latestDagRun(dagId: dagId, runType: .scheduled)
                    lastScheduled[dagId] = .some(latest.map { DataInterval(start: $0.dataIntervalStart, end: $0.dataIntervalEnd) })
                } catch {
                    logger.error("cannot read the latest run of \(dagId): \(error)")
                    continue
                }
            }
            let due = ScheduledRunPlanner.plan(
                plan.timetable, schedule: plan.dag.schedule, last: lastScheduled[dagId] ?? nil, now: now,
                hasActiveRun: runs.values.contains { $0.record.dagId == dagId },
                maxPerPass: configuration.maxRunsCreatedPerPass)
            nextScheduledAt[dagId] = due.nextDueAt
            for info in due.due {
                let record = DagRunRecord(
                    dagId: dagId, runId: DagRunType.scheduled.runId(logicalDate: info.logicalDate),
                    logicalDate: info.logicalDate, dataIntervalStart: info.dataInterval.start,
                    dataIntervalEnd: info.dataInterval.end, state: .queued, runType: .scheduled, queuedAt: now)
                do {
                    try await store.createDagRun(record)
                    await adopt(record, fresh: true, now: now, into: &c)
                } catch let error as StoreError where error.code == .duplicateRun {
                    // Already there (created before a restart, or by a backfill): move on.
                } catch {
                    logger.error("cannot create run \(record.runId) of \(dagId): \(error)")
                    nextScheduledAt[dagId] = now.addingTimeInterval(5)
                    break
                }
                lastScheduled[dagId] = .some(info.dataInterval)
            }
        }
    }

    /// Sleeps until the earliest of: a run's retry wake-up, a DAG's next scheduled run, the
    /// end of the recovery grace; then queues a `.timer` input. Re-armed after every step.
    func armTimer() {
        var next = recovery.deadline
        for run in runs.values { if let w = run.wakeup { next = min(next ?? w, w) } }
        for (dagId, at) in nextScheduledAt where !paused.contains(dagId) { next = min(next ?? at, at) }
        guard next != timerDeadline || timerTask == nil else { return }
        timerTask?.cancel()
        timerTask = nil
        timerDeadline = next
        guard let next, !stopped else { return }
        let (inputs, clock) = (self.inputs, configuration.clock)
        // Unstructured: one pending wake-up, replaced (cancelled) at every re-arm and at stop.
        timerTask = Task {
            let delay = next.timeIntervalSince(clock.date)
            do {
                if delay > 0 {
                    try await clock.sleep(for: .milliseconds(Int64((delay * 1000).rounded(.up))))
                } else {
                    // A deadline already past: 10 ms of real time, so one that stays in the
                    // past cannot spin the loop.
                    try await Task.sleep(for: .milliseconds(10))
                }
            } catch { return }
            inputs.push(.timer)
        }
    }
}
