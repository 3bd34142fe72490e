import UpdraftProtocol
import UpdraftWire

extension WorkerExecutor {
    /// What a connection with `userID` may serve (every queue without a user id or an
    /// ``ExecutorConfiguration/access``).
    func grant(for userID: String?) -> WorkerGrant {
        guard let userID, let access = configuration.access else { return .allQueues }
        return access.workerGrant(userID: userID)
    }

    /// The allow-list changed (``AllowListRefresher``): each registered worker's grant is
    /// read again. A worker whose key was revoked, or may no longer serve a queue it
    /// registered for, is told `worker_reject` `not_allowed` (a worker exits on it, closing
    /// its connection) and dropped as a lost worker is: its running tries are reported
    /// failed and fenced, and their retries wait one heartbeat timeout (the worker kills them).
    /// Narrower grants apply from the next dispatch.
    public func accessChanged() {
        for peer in registry.keys.sorted(by: { $0.bytes.lexicographicallyPrecedes($1.bytes) }) {
            guard let record = registry[peer], record.userID != nil else { continue }
            let grant = grant(for: record.userID)
            if let refusal = grant.refusal(forHello: record.hello.queues, userID: record.userID) {
                counters.revokedWorkers += 1
                let message = "worker \(record.workerID) dropped: \(refusal)"
                logger.warning("\(message); \(record.running.count) running tries reported failed")
                send([.workerReject(VersionNegotiation.reject(.notAllowed, refusal))], to: peer)
                removeWorker(peer, failing: message, leftReason: message, fence: true)
            } else {
                registry[peer]?.grant = grant
            }
        }
        dispatchReady()
    }

    /// Whether `peer`'s key may serve the queue `key` waits in here (true when it waits
    /// nowhere: the queue is unknown, and the scheduler only applies a result to a try it
    /// has in flight). Used before a late result or a heartbeat's unknown try is taken.
    func mayReport(_ key: WireTaskInstanceKey, from peer: PeerID) -> Bool {
        let queue = pending.queue(of: key) ?? held[key].map { queueName(of: $0.work.dispatch) }
        guard let queue, let record = registry[peer] else { return true }
        return record.grant.permits(queue: queue)
    }

    /// Counts and drops a task message the per-dispatch fence refuses; logs the first one per worker.
    func fence(_ what: String, _ key: WireTaskInstanceKey, from peer: PeerID, _ why: String) {
        counters.fencedTaskMessages += 1
        guard registry[peer]?.loggedFence == false else { return }
        registry[peer]?.loggedFence = true
        let who = registry[peer].map { "\($0.workerID)" + ($0.userID.map { " (key '\($0)')" } ?? "") } ?? "\(peer)"
        logger.warning("executor dropped \(what) for \(KeyOrder.text(key)) from worker \(who): \(why) (later ones are only counted)")
    }
}
