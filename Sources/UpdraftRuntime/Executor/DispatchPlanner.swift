import UpdraftWire

/// Which waiting try goes to which worker: a pure decision on plain values, so it can be
/// tested without sockets or clocks. ``WorkerExecutor`` applies its result.
enum DispatchPlanner {
    /// One decision: send `work` to `peer`.
    struct Assignment {
        var peer: PeerID
        var work: TaskWork
    }

    /// Takes tries out of `pending` and marks them running on `workers` until no queue with
    /// work has a worker that can take it. At each step: the try that goes first among the
    /// heads of the queues some worker can take now (priority, then first-come), to the
    /// least busy such worker (fewest running tries, then worker id, so every run decides
    /// alike). A draining worker or a full one takes nothing. O(queues × workers) per try.
    static func plan(pending: inout PendingWork, workers: inout [PeerID: WorkerRecord]) -> [Assignment] {
        var assignments: [Assignment] = []
        guard !workers.isEmpty else { return assignments }
        while pending.count > 0 {
            var best: (queue: String, entry: PendingWork.Entry, peer: PeerID)?
            for queue in pending.counts.keys {
                guard let head = pending.head(of: queue) else { continue }
                if let current = best, !(current.entry < head) { continue }
                guard let peer = leastBusyWorker(serving: queue, in: workers) else { continue }
                best = (queue, head, peer)
            }
            guard let best, let work = pending.popFirst(of: best.queue) else { break }
            workers[best.peer]?.running.insert(work.dispatch.key)
            assignments.append(Assignment(peer: best.peer, work: work))
        }
        return assignments
    }

    /// The worker that may take a try of `queue` now with the fewest running tries (ties:
    /// the smaller worker id), or nil.
    static func leastBusyWorker(serving queue: String, in workers: [PeerID: WorkerRecord]) -> PeerID? {
        var chosen: WorkerRecord?
        for worker in workers.values where worker.canTake(queue: queue) {
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
