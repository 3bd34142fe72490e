import Foundation
import Logging
import UpdraftCore
import UpdraftStore

/// Recovery after a crash: the instances found in flight wait for the workers that were
/// connected before it (``RecoveryGrace``); each is then decided by ``RecoveryDecision``.
extension Scheduler {
    /// An instance found in flight (queued, running...) when its run was adopted: it keeps
    /// its pool slots and waits for the workers' reports. The first one starts the grace,
    /// awaiting the workers the store lists (after a clean stop no queued try was
    /// dispatched, so only the workers of running rows are awaited).
    func awaitRecovery(of rec: TaskInstanceRecord, now: Date) {
        ledger.hold(rec.id, pool: rec.pool, slots: rec.poolSlots)
        // Reviewed at the end of this step: what can be decided now is (nothing awaited, say).
        guard let began = recovery.found(rec.id, state: rec.state, workerId: rec.workerId, now: now) else { return }
        if began.afterCleanStop {
            logger.info("recovery: the previous stop was clean: re-submitting queued tries at once")
        } else {
            let dead = began.gone.isEmpty ? "" : "; gone (process ended): \(began.gone.joined(separator: ", "))"
            logger.info("recovery: waiting for \(began.awaiting) worker(s) to report (at most \(configuration.recoveryGrace))\(dead)")
        }
    }

    /// Decides every instance whose report is in (or all of them once the grace is over):
    /// adopted, re-submitted with the same try, or failed as lost (retry policy). When the
    /// grace is over, workers that never came back are removed from the store.
    func reviewRecovery(now: Date, into c: inout StepChanges) async {
        guard let grace = recovery.grace else { return }
        let running = Set(await executor.runningKeys().map(\.instanceID))
        var adopted = 0, resubmitted = 0, resubmittedNext = 0, lost = 0
        for id in recovery.recovering.sorted() {
            withRun(RunKey(id)) { run in
                guard var rec = run.instances[id], rec.state.isInFlight else {
                    recovery.resolved(id)
                    return
                }
                guard let task = run.plan.task(id.taskId), run.tracker != nil else { return }
                let report = RecoveryDecision.report(running: running.contains(id), workerId: rec.workerId, grace: grace, now: now)
                var reason: String
                switch RecoveryDecision.action(state: rec.state, runsInScheduler: false, report: report) {
                case .awaitReports: return
                case .resubmit:
                    switch makeDispatch(id, tryNumber: rec.tryNumber, task: task, run: run) {
                    case .success(let dispatch):
                        c.work.append(TaskWork(dispatch: dispatch, priority: rec.priorityWeight))
                        resubmitted += 1
                        recovery.resolved(id)
                        return
                    case .failure(let failure): reason = failure.message
                    }
                case .resubmitNextTry:
                    let next = rec.tryNumber + 1
                    switch makeDispatch(id, tryNumber: next, task: task, run: run) {
                    case .success(let dispatch):
                        let previous = home.logFile(for: id, tryNumber: rec.tryNumber)
                        logs.appendLine("[updraft] try \(rec.tryNumber) was queued when the scheduler stopped and a worker that may have run it is gone: dispatched again as try \(next), not charged to its retries", to: previous)
                        logs.close(previous)
                        run.tracker!.grantUnchargedTry(id)
                        rec.tryNumber = next
                        rec.maxTries += 1
                        rec.queuedAt = now
                        run.instances[id] = rec
                        c.instances[id] = rec
                        run.xcoms.clear(taskId: id.taskId, mapIndex: id.mapIndex)
                        c.clearXComsOf.append(id)
                        c.work.append(TaskWork(dispatch: dispatch, priority: rec.priorityWeight))
                        resubmittedNext += 1
                        recovery.resolved(id)
                        return
                    case .failure(let failure): reason = failure.message
                    }
                case .failLost(let why): reason = why
                default:
                    // Adopted (its `finished` will come), or not a worker's try any more.
                    adopted += 1
                    recovery.resolved(id)
                    return
                }
                recovery.resolved(id)
                lost += 1
                ledger.release(id)
                rec.errorMessage = reason
                rec.endDate = now
                run.instances[id] = rec
                if rec.state == .queued { run.tracker!.started(id, tryNumber: rec.tryNumber, at: now) }
                let decisions = run.tracker!.finished(id, state: .failed, now: now, chosenTaskIds: nil, mapLengths: [:])
                apply(decisions, to: &run, now: now, into: &c)
                let final = run.instances[id] ?? rec
                let logFile = home.logFile(for: id, tryNumber: rec.tryNumber)
                logs.appendLine(TaskLogLines.footer(final, durationUs: 0), to: logFile)
                logs.close(logFile)
                if console != nil { c.consoleLines.append(ConsoleReporter.tryLine(final, now: now)) }
            }
        }
        if adopted + resubmitted + resubmittedNext + lost > 0 {
            logger.info("recovery: \(adopted) still running on workers, \(resubmitted) re-submitted, \(resubmittedNext) re-submitted as their next try, \(lost) lost (retry policy applies)")
        }
        guard let ended = recovery.endIfOver(at: now) else { return }
        for worker in ended.gone where c.workers[worker] == nil { c.workers[worker] = .some(nil) }
        let waited = String(format: "%.2f", ended.waited)
        logger.info(ended.gone.isEmpty ? "recovery: done after \(waited) s: every worker reported"
                                       : "recovery: done after \(waited) s; gone: \(ended.gone.joined(separator: ", "))")
    }
}
