import Foundation
import UpdraftProtocol

extension Worker {
    /// Starts a dispatched try, or ignores it (logged) when draining, at capacity, or
    /// when the same task instance already runs here. `empty` and `updraft.noop` end at
    /// once: their `task_started` + `task_finished` go to `outbox`, sent after the batch.
    func accept(_ dispatch: WireTaskDispatch) {
        let key = dispatch.key
        let active = running.values.filter { !$0.dropResult }.count
        if draining {
            logger.warning("task_dispatch for \(key.textForm) while draining; ignored")
            return
        }
        if running[key] != nil || running.contains(where: { !$0.value.dropResult && $0.key.instanceForm == key.instanceForm }) {
            logger.warning("task_dispatch for \(key.textForm), which already runs here; ignored")
            return
        }
        if active >= configuration.concurrency {
            logger.warning("task_dispatch for \(key.textForm) over capacity (\(active)/\(configuration.concurrency) running); ignored")
            return
        }
        let now = configuration.clock.date
        switch dispatch.kind {
        case .empty:
            outbox += instantly(dispatch, at: now, outcome: .success())
            return
        case .swiftClosure where swiftTasks.isBuiltInNoop(dispatch.callable):
            outbox += instantly(dispatch, at: now, outcome: .success())
            return
        case .bash, .swiftClosure, .branch:
            break
        case .unspecified, .UNRECOGNIZED:
            outbox += (instantly(dispatch, at: now, outcome: .failed("task kind \(dispatch.kind.rawValue) is not one this worker runs")))
            return
        }
        let control = TryControl()
        running[key] = WorkerRunningTry(control: control)
        let context = TryContext(
            dispatch: dispatch, configuration: configuration, control: control,
            emit: { [weak self] messages in await self?.emit(messages) })
        let registry = swiftTasks
        // Unstructured: each try runs beside the inbox loop; it reports its end through emit.
        Task {
            let outcome: TryOutcome
            if dispatch.kind == .bash || (dispatch.kind == .branch && dispatch.callable.isEmpty) {
                outcome = await BashTaskRunner.run(context)
            } else {
                outcome = await SwiftClosureRunner.run(context, registry: registry)
            }
            await self.tryEnded(key, outcome: outcome, startedAt: now)
        }
    }

    /// `task_started` and `task_finished` for a try that ends at once.
    private func instantly(_ dispatch: WireTaskDispatch, at date: Date, outcome: TryOutcome) -> [UpdraftMessage] {
        let started = WireTaskStarted.with {
            $0.key = dispatch.key
            $0.hostname = HostIdentity.hostname
            $0.startedAtUnixUs = date.unixMicros
            $0.workerID = configuration.workerId
        }
        return [.taskStarted(started), .taskFinished(outcome.finished(key: dispatch.key, startedAt: date, endedAt: date))]
    }

    /// Reports a try's end (unless its result is dropped) and finishes a drain once idle.
    func tryEnded(_ key: WireTaskInstanceKey, outcome: TryOutcome, startedAt: Date) async {
        guard let entry = running.removeValue(forKey: key) else { return }
        if entry.dropResult {
            logger.info("try \(key.textForm) ended after the executor was lost; result dropped")
        } else {
            await emit([.taskFinished(outcome.finished(key: key, startedAt: startedAt, endedAt: configuration.clock.date))])
        }
        await finishIfIdle()
    }

    /// Stops every running try for `reason` (each then reports failed "cancelled: reason").
    func cancelAll(reason: String) {
        for entry in running.values { entry.control.stop(.cancelled(reason)) }
    }

    /// Takes no new work from now on; the goodbye will say `reason`.
    func beginDrain(reason: String) {
        if !draining { goodbyeReason = reason }
        draining = true
    }

    /// Once draining and idle: goodbye, close the connection (so `run()` returns).
    func finishIfIdle() async {
        guard draining, !finished, running.isEmpty else { return }
        finished = true
        await emit([.workerGoodbye(.with {
            $0.workerID = configuration.workerId
            $0.reason = goodbyeReason
        })])
        await port?.close()
    }
}
