import UpdraftProtocol
import UpdraftWire

extension WorkerExecutor {
    /// Applies ``DispatchPlanner``: records each assigned try as running and sends one
    /// batch of `task_dispatch` per worker.
    func dispatchReady() {
        guard accepting, !registry.isEmpty, pending.count > 0 else { return }
        let assignments = DispatchPlanner.plan(pending: &pending, workers: &registry)
        guard !assignments.isEmpty else { return }
        let now = configuration.clock.now
        var batches: [PeerID: [UpdraftMessage]] = [:]
        var order: [PeerID] = []
        for assignment in assignments {
            running[assignment.work.dispatch.key] = ExecutorRunningTry(
                peer: assignment.peer, dispatchedAt: now, priority: assignment.work.priority)
            if batches[assignment.peer] == nil { order.append(assignment.peer) }
            batches[assignment.peer, default: []].append(.taskDispatch(assignment.work.dispatch))
        }
        counters.dispatched += assignments.count
        for peer in order { send(batches[peer] ?? [], to: peer) }
    }

    /// A send to `peer` failed (libzmq: not connected, e.g. a killed worker not yet declared
    /// lost): it takes no tries until it is heard from again, and the dispatches in `unsent`
    /// (which never left) are queued again as they were, for another worker. Without this they
    /// would wait for the heartbeat timeout, then fail as lost and use a retry.
    func sendFailed(to peer: PeerID, unsent: [WireTaskDispatch]) {
        guard registry[peer] != nil else { return }
        registry[peer]?.sendFailed()
        var requeued = 0
        for dispatch in unsent where running[dispatch.key]?.peer == peer {
            let priority = running.removeValue(forKey: dispatch.key)?.priority ?? 0
            registry[peer]?.running.remove(dispatch.key)
            _ = pending.insert(TaskWork(dispatch: dispatch, priority: priority), queue: queueName(of: dispatch))
            requeued += 1
        }
        guard requeued > 0 else { return }
        counters.dispatched -= requeued
        counters.undelivered += requeued
        logger.info("executor could not reach worker \(registry[peer]?.workerID ?? "\(peer)"): \(requeued) dispatch(es) queued again for another worker")
        dispatchReady()
    }
}
