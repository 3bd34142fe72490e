import UpdraftProtocol
import UpdraftWire

extension WorkerExecutor {
    /// Applies ``DispatchPlanner``: records each assigned try as running and sends one
    /// batch of `task_dispatch` per worker.
    func dispatchReady() {
        guard accepting, !registry.isEmpty, pending.count > 0 else { return }
        let assignments = DispatchPlanner.plan(pending: &pending, workers: &registry)
        guard !assignments.isEmpty else { return }
        let now = ContinuousClock.now
        var batches: [PeerID: [UpdraftMessage]] = [:]
        var order: [PeerID] = []
        for assignment in assignments {
            running[assignment.work.dispatch.key] = ExecutorRunningTry(peer: assignment.peer, dispatchedAt: now)
            if batches[assignment.peer] == nil { order.append(assignment.peer) }
            batches[assignment.peer, default: []].append(.taskDispatch(assignment.work.dispatch))
        }
        counters.dispatched += assignments.count
        for peer in order { send(batches[peer] ?? [], to: peer) }
    }
}
