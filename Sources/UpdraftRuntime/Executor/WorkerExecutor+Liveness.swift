import UpdraftProtocol
import UpdraftWire

extension WorkerExecutor {
    /// One heartbeat period: declares silent workers lost, sends every worker a
    /// heartbeat, forgets old fences, releases held tries, then dispatches (lost workers' slots are gone, but a
    /// worker that is no longer draining may take work).
    func tick() {
        let now = configuration.clock.now
        let silent = registry.values.filter { now - $0.lastSeen >= configuration.timeout }
        for worker in silent.sorted(by: { $0.workerID < $1.workerID }) {
            let message = "worker \(worker.workerID) lost: no heartbeat for \(configuration.timeoutText) s"
            logger.warning("\(message); \(worker.running.count) running tries reported failed")
            counters.lostWorkers += 1
            removeWorker(worker.peer, failing: message, leftReason: message, fence: true)
        }
        heartbeatSequence += 1
        var beat = WireHeartbeat()
        beat.senderID = configuration.executorID
        beat.sequence = heartbeatSequence
        beat.sentAtUnixUs = ExecutorTime.nowUnixMicros()
        for peer in registry.keys { send([.heartbeat(beat)], to: peer) }
        fenced = fenced.filter { now - $0.value < configuration.effectiveFenceDuration }
        recentlyEnded = recentlyEnded.filter { now - $0.value < SentResults.retention * 2 }
        notRegisteredRepliedAt = notRegisteredRepliedAt.filter { now - $0.value < configuration.interval }
        releaseHeldWork(now: now)
        latency.prune(olderThan: .seconds(600), now: now)
        dispatchReady()
    }

    /// Moves held tries whose wait is over into the queues.
    private func releaseHeldWork(now: ContinuousClock.Instant) {
        holdUntil = holdUntil.filter { $0.value > now }
        guard !held.isEmpty else { return }
        let due = held.filter { $0.value.until <= now }.keys.sorted(by: KeyOrder.less)
        for key in due {
            if let item = held.removeValue(forKey: key) {
                _ = pending.insert(item.work, queue: queueName(of: item.work.dispatch))
            }
        }
    }

    /// Forgets a worker: each try running on it is reported failed with `failing`, then
    /// `.workerLeft`. With `fence`, those keys are fenced: if the worker comes back and
    /// reports them, it is told to cancel them.
    func removeWorker(_ peer: PeerID, failing message: String, leftReason: String, fence: Bool = false) {
        guard let worker = registry.removeValue(forKey: peer) else { return }
        outboundSink.yield(OutgoingBatch(peer: peer, messages: [], batching: false))
        if peersByWorkerID[worker.workerID] == peer { peersByWorkerID[worker.workerID] = nil }
        let now = configuration.clock.now
        for key in worker.running.sorted(by: KeyOrder.less) {
            running[key] = nil
            if fence {
                fenced[key] = now
                holdUntil[Self.instance(of: key)] = now + configuration.timeout
            }
            reportFailed(key, message)
        }
        emit(.workerLeft(workerId: worker.workerID, reason: leftReason))
    }

    /// A worker's heartbeat: records its sequence and busy slots, adopts the tries it
    /// runs that no worker runs here (after an executor restart), cancels those that run
    /// elsewhere or were fenced, and fails dispatched tries it keeps not listing.
    func handleHeartbeat(_ beat: WireHeartbeat, from peer: PeerID) {
        guard var worker = registry[peer] else { return }
        worker.lastHeartbeatSequence = beat.sequence
        worker.reportedBusySlots = Int(beat.busySlots)
        let reported = Set(beat.running)
        var cancels: [UpdraftMessage] = []
        for key in beat.running.sorted(by: KeyOrder.less) {
            if let run = running[key] {
                if run.peer == peer {
                    running[key]?.missedHeartbeats = 0
                    running[key]?.acknowledged = true
                } else {
                    let owner = registry[run.peer]?.workerID ?? "\(run.peer)"
                    logger.warning("worker \(worker.workerID) reports \(KeyOrder.text(key)), which runs on \(owner): cancelling it there")
                    cancels.append(.taskCancel(cancelMessage(key, "this try runs on worker \(owner)")))
                }
            } else if fenced[key] != nil {
                cancels.append(.taskCancel(cancelMessage(key, "this try was reported failed when the worker was declared lost")))
            } else if !mayReport(key, from: peer) {
                counters.fencedTaskMessages += 1
                if !worker.loggedFence {
                    worker.loggedFence = true
                    logger.warning("worker \(worker.workerID) reports \(KeyOrder.text(key)), of a queue its key may not serve: not adopted, cancelled (later ones are only counted)")
                }
                cancels.append(.taskCancel(cancelMessage(key, "this worker's key may not serve this try's queue")))
            } else {
                _ = pending.remove(key)
                held[key] = nil
                var adopted = ExecutorRunningTry(peer: peer, dispatchedAt: configuration.clock.now)
                adopted.acknowledged = true
                running[key] = adopted
                worker.running.insert(key)
                counters.adopted += 1
                logger.info("worker \(worker.workerID) runs \(KeyOrder.text(key)), not dispatched here: adopted")
            }
        }
        let first = worker.heartbeatReceived()
        registry[peer] = worker
        send(cancels, to: peer)
        if first { emit(.workerReported(workerId: worker.workerID, running: beat.running.filter { running[$0]?.peer == peer })) }
        reconcile(worker, reported: reported)
    }

    /// Fails the tries dispatched to `worker` that its heartbeats keep not listing
    /// (lost in transit, or gone with a restarted worker process). A try the worker has
    /// acknowledged is lost once missing from `missedHeartbeatsBeforeLost` heartbeats in a
    /// row; one it never acknowledged, only after `unacknowledgedDispatchTimeout` too.
    private func reconcile(_ worker: WorkerRecord, reported: Set<WireTaskInstanceKey>) {
        let limit = configuration.missedHeartbeatsBeforeLost
        guard limit > 0 else { return }
        let now = configuration.clock.now
        let unacknowledgedTimeout = configuration.effectiveUnacknowledgedDispatchTimeout
        var lost: [(WireTaskInstanceKey, String)] = []
        for key in worker.running where !reported.contains(key) {
            guard var run = running[key], run.peer == worker.peer else { continue }
            run.missedHeartbeats += 1
            running[key] = run
            guard run.missedHeartbeats >= limit else { continue }
            if run.acknowledged {
                lost.append((key, "worker \(worker.workerID) does not run this try: missing from \(limit) heartbeats"))
            } else if now - run.dispatchedAt >= unacknowledgedTimeout {
                lost.append((key, "worker \(worker.workerID) never started this try: not in its heartbeats \(unacknowledgedTimeout) after the dispatch"))
            }
        }
        for (key, message) in lost.sorted(by: { KeyOrder.less($0.0, $1.0) }) {
            running[key] = nil
            registry[worker.peer]?.running.remove(key)
            reportFailed(key, message)
        }
    }

    private func cancelMessage(_ key: WireTaskInstanceKey, _ reason: String) -> WireTaskCancel {
        var message = WireTaskCancel()
        message.key = key
        message.reason = reason
        return message
    }
}
