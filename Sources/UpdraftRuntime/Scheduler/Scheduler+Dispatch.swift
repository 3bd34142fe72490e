import Foundation
import Logging
import UpdraftCore
import UpdraftProtocol
import UpdraftStore

extension Scheduler {
    /// How many ready instances one admission round looks at (the best ones; the rest wait
    /// for the next round of the same step).
    static let admissionWindow = 512

    /// Completes ready `empty` tasks and admits ready instances into free pool and
    /// `max_active_tasks` slots (best first), queuing a try for each. Repeats until nothing
    /// more can move in this step.
    func dispatchReady(now: Date, into c: inout StepChanges) {
        while true {
            while !emptyReady.isEmpty || !sensorReady.isEmpty {
                let ids = emptyReady
                emptyReady = []
                for id in ids { completeEmpty(id, now: now, into: &c) }
                startReadySensors(now: now, into: &c)
            }
            guard ready.count > 0 else { return }
            var allocator = makeAllocator()
            // Look at no more instances than could possibly get a slot (one freed slot of a
            // full pool → one candidate, not the whole window).
            let window = min(Self.admissionWindow, PoolLedger.admissionBound(allocator))
            guard window > 0 else { return }
            let entries = ready.popBest(window)
            let candidates = entries.map {
                SlotAllocator.Candidate(id: $0.id, pool: $0.pool, poolSlots: $0.poolSlots, priority: $0.priority,
                                        order: $0.order, logicalDate: $0.logicalDate)
            }
            let admitted = allocator.admit(candidates)
            for pool in allocator.unknownPools where warnedPools.insert(pool).inserted {
                logger.warning("pool '\(pool)' does not exist: its tasks take slots of default_pool (create it: updraft pools set \(pool) SLOTS)")
            }
            let admittedSet = Set(admitted)
            ready.putBack(entries.filter { !admittedSet.contains($0.id) })
            for id in admitted { queueTry(id, now: now, into: &c) }
            if admitted.count < entries.count && emptyReady.isEmpty { return }
            if admitted.isEmpty && emptyReady.isEmpty { return }
        }
    }

    /// A slot allocator for the slots held now (pools the store does not know take slots
    /// of `default_pool`, as ``SlotAllocator`` decides), with each DAG's `max_active_tasks`.
    func makeAllocator() -> SlotAllocator {
        var limits: [String: Int] = [:]
        for (dagId, plan) in plans { limits[dagId] = plan.dag.maxActiveTasks }
        for run in runs.values where limits[run.record.dagId] == nil { limits[run.record.dagId] = run.plan.dag.maxActiveTasks }
        return ledger.allocator(dagLimits: limits)
    }

    /// Queues the next try of `id`: renders its dispatch, moves it to queued (try number + 1),
    /// takes its slot. A render error fails the try (retry policy applies); a sensor fails
    /// the instance.
    func queueTry(_ id: TaskInstanceID, now: Date, into c: inout StepChanges) {
        withRun(RunKey(id)) { run in
            guard var rec = run.instances[id], rec.state.isRunnable || rec.state == .scheduled,
                  let task = run.plan.task(id.taskId) else { return }
            let tryNumber = rec.tryNumber + 1
            switch makeDispatch(id, tryNumber: tryNumber, task: task, run: run) {
            case .success(let dispatch):
                let old = rec.state
                rec.state = .queued
                rec.tryNumber = tryNumber
                rec.queuedAt = now
                rec.startDate = nil
                rec.endDate = nil
                rec.nextTryAt = nil
                rec.workerId = nil
                rec.hostname = nil
                rec.pid = nil
                rec.errorMessage = nil
                run.tracker?.markQueued([id])
                run.instances[id] = rec
                c.instances[id] = rec
                ledger.hold(id, pool: rec.pool, slots: rec.poolSlots)
                if tryNumber > 1 {
                    run.xcoms.clear(taskId: id.taskId, mapIndex: id.mapIndex)
                    c.clearXComsOf.append(id)
                }
                c.events.append(.task(id, tryNumber: tryNumber, from: old, to: .queued,
                                      logicalDate: run.record.logicalDate, at: now))
                c.work.append(TaskWork(dispatch: dispatch, priority: rec.priorityWeight))
            case .failure(let failure):
                rec.tryNumber = tryNumber
                rec.startDate = now
                rec.endDate = now
                rec.errorMessage = failure.message
                run.instances[id] = rec
                let decisions: RunDecisions
                run.tracker?.started(id, tryNumber: tryNumber, at: now)
                if failure.retryable {
                    decisions = run.tracker!.finished(id, state: .failed, now: now, chosenTaskIds: nil, mapLengths: [:])
                } else {
                    decisions = run.tracker!.setState(id, .failed, now: now)
                }
                apply(decisions, to: &run, now: now, into: &c)
                let final = run.instances[id] ?? rec
                let logFile = home.logFile(for: id, tryNumber: tryNumber)
                logs.appendLine(TaskLogLines.footer(final, durationUs: 0), to: logFile)
                logs.close(logFile)
                if console != nil { c.consoleLines.append(ConsoleReporter.tryLine(final, now: now)) }
            }
        }
    }

    /// The dispatch of try `tryNumber` of `id` in `run`.
    func makeDispatch(_ id: TaskInstanceID, tryNumber: Int, task: TaskSpec, run: ActiveRun)
        -> Result<WireTaskDispatch, DispatchBuilder.Failure>
    {
        builder.build(id: id, tryNumber: tryNumber, task: task, plan: run.plan, run: run.record,
                      params: run.params, paramsJSON: run.paramsJSON, variables: variables,
                      connections: connections, xcoms: run.xcoms)
    }

    /// An `empty` task: succeeds here, without a worker.
    func completeEmpty(_ id: TaskInstanceID, now: Date, into c: inout StepChanges) {
        withRun(RunKey(id)) { run in
            guard var rec = run.instances[id], rec.state.isRunnable || rec.state == .scheduled, run.tracker != nil else { return }
            rec.tryNumber += 1
            rec.queuedAt = now
            rec.startDate = now
            rec.endDate = now
            rec.errorMessage = nil
            run.instances[id] = rec
            run.tracker!.markQueued([id])
            run.tracker!.started(id, tryNumber: rec.tryNumber, at: now)
            let decisions = run.tracker!.finished(id, state: .success, now: now, chosenTaskIds: nil, mapLengths: [:])
            apply(decisions, to: &run, now: now, into: &c)
        }
    }
}
