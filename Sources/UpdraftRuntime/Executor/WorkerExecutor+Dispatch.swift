import UpdraftProtocol
import UpdraftWire

extension WorkerExecutor {
    /// Hands waiting tries to workers until no queue with work has a worker with a free
    /// slot: at each step the try that goes first among the heads of the queues that some
    /// worker can take now, to the least busy such worker (fewest running tries, then
    /// worker id). One batch per worker per call. O(queues × workers) per try.
    func dispatchReady() {
        guard accepting, !registry.isEmpty, pending.count > 0 else { return }
        var batches: [PeerID: [UpdraftMessage]] = [:]
        var order: [PeerID] = []
        let now = ContinuousClock.now
        while true {
            var best: (queue: String, entry: PendingWork.Entry, peer: PeerID)?
            for queue in pending.counts.keys {
                guard let head = pending.head(of: queue) else { continue }
                if let current = best, !(current.entry < head) { continue }
                guard let peer = leastBusyWorker(serving: queue) else { continue }
                best = (queue, head, peer)
            }
            guard let best, let work = pending.popFirst(of: best.queue) else { break }
            running[work.dispatch.key] = RunningTry(peer: best.peer, dispatchedAt: now)
            registry[best.peer]?.running.insert(work.dispatch.key)
            counters.dispatched += 1
            if batches[best.peer] == nil { order.append(best.peer) }
            batches[best.peer, default: []].append(.taskDispatch(work.dispatch))
        }
        for peer in order { send(batches[peer] ?? [], to: peer) }
    }

    /// The worker serving `queue` with a free slot and the fewest running tries (ties: by
    /// worker id, so the choice is the same on every run), or nil.
    func leastBusyWorker(serving queue: String) -> PeerID? {
        var chosen: WorkerRecord?
        for worker in registry.values where worker.canTake(queue: queue) {
            guard let current = chosen else {
                chosen = worker
                continue
            }
            if (worker.running.count, worker.workerID) < (current.running.count, current.workerID) {
                chosen = worker
            }
        }
        return chosen?.peer
    }
}
