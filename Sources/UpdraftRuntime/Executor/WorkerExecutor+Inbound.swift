import UpdraftProtocol
import UpdraftWire

extension WorkerExecutor {
    /// Applies one inbox batch in order, then dispatches once for the whole batch.
    func handle(_ batch: [Envelope<UpdraftMessage>]) {
        let now = configuration.clock.now
        for envelope in batch {
            guard let peer = envelope.peer else { continue }
            handle(envelope.message, from: peer, userID: envelope.userID, now: now)
        }
        dispatchReady()
    }

    private func handle(_ message: UpdraftMessage, from peer: PeerID, userID: String?, now: ContinuousClock.Instant) {
        if case .workerHello(let hello) = message {
            handleHello(hello, from: peer, userID: userID, now: now)
            return
        }
        guard let record = registry[peer] else {
            replyNotRegistered(peer, kind: message.kind, now: now)
            return
        }
        // The routing id is the worker's, the key must be too: another key behind the same
        // routing id (the worker's connection gone, another one took its id) is not it.
        guard record.userID == userID else {
            counters.identityMismatches += 1
            if !record.loggedFence {
                registry[peer]?.loggedFence = true
                logger.warning("executor dropped \(message.kind.name) from \(peer): its connection's key is '\(userID ?? "none")', worker \(record.workerID) registered with '\(record.userID ?? "none")' (later ones are only counted)")
            }
            return
        }
        registry[peer]?.heard(at: now)
        switch message {
        case .heartbeat(let beat):
            handleHeartbeat(beat, from: peer)
        case .taskStarted(var started):
            guard isRunning(started.key, on: peer, what: "task_started") else { return }
            running[started.key]?.acknowledged = true
            running[started.key]?.missedHeartbeats = 0
            if started.workerID.isEmpty { started.workerID = registry[peer]?.workerID ?? "" }
            if let since = queuedAt.removeValue(forKey: started.key) {
                ExecutorLatencies.record(now - since, into: &latency.queuedToStarted)
            }
            if let end = handoffFrom.removeValue(forKey: started.key) {
                ExecutorLatencies.record(now - end, into: &latency.handoff)
            }
            emit(.started(started))
        case .taskLogChunk(let chunk):
            guard isRunning(chunk.key, on: peer, what: "task_log_chunk") else { return }
            emit(.log(chunk))
        case .taskFinished(let finished):
            handleFinished(finished, from: peer)
        case .workerGoodbye(let goodbye):
            let workerID = registry[peer]?.workerID ?? "\(peer)"
            let reason = goodbye.reason.isEmpty ? "goodbye" : goodbye.reason
            logger.info("worker \(workerID) left: \(reason)")
            removeWorker(peer, failing: "worker \(workerID) left: \(reason)", leftReason: reason)
            counters.departedWorkers += 1
        default:
            counters.unexpectedMessages += 1
            logger.warning("executor dropped \(message.kind.name) from worker \(peer): workers never send it")
        }
    }

    // MARK: - Handshake

    private func handleHello(_ hello: WireWorkerHello, from peer: PeerID, userID: String?, now: ContinuousClock.Instant) {
        guard accepting else {
            rejectHello(peer, VersionNegotiation.reject(.shuttingDown, "the executor is shutting down"))
            return
        }
        let decision = VersionNegotiation.decide(
            hello: hello, executorID: configuration.executorID, heartbeat: configuration.heartbeat)
        guard case .welcome(let welcome) = decision else {
            if case .reject(let reject) = decision { rejectHello(peer, reject) }
            return
        }
        // Its key decides which queues it may serve (checked again at every dispatch).
        let grant = grant(for: userID)
        if let refusal = grant.refusal(forHello: hello.queues, userID: userID) {
            refuseByAccess(peer, hello: hello, userID: userID, refusal)
            return
        }
        if let previous = registry[peer], previous.userID != userID {
            removeWorker(peer, failing: "worker \(previous.workerID) gone: another key took its routing id",
                         leftReason: "replaced by another key", fence: true)
        }
        if let other = peersByWorkerID[hello.workerID], other != peer, registry[other] != nil {
            let text = "worker id \(hello.workerID) is already registered by a live worker (\(other))"
            rejectHello(peer, VersionNegotiation.reject(.duplicateWorkerID, text))
            return
        }
        if let previous = registry[peer] {
            reregister(previous, with: hello, grant: grant, now: now)
        } else {
            registry[peer] = WorkerRecord(hello: hello, peer: peer, now: now,
                                          confirmed: !configuration.dispatchOnlyToConfirmedWorkers, userID: userID, grant: grant)
            logger.info("worker \(hello.workerID) joined: queues \(hello.queues.joined(separator: ",")), capacity \(hello.capacity)")
        }
        peersByWorkerID[hello.workerID] = peer
        notRegisteredRepliedAt[peer] = nil
        // Version 2 and up read batches: what goes to it together may go as one frame.
        outboundSink.yield(OutgoingBatch(
            peer: peer, messages: [.workerWelcome(welcome)],
            batching: welcome.protocolVersion >= UInt32(UpdraftCodec.batchesFromVersion)))
        emit(.workerJoined(hello))
    }

    /// A second hello from a registered peer replaces its registration. When it comes
    /// from another process (pid or host changed, or another worker id), the tries the old
    /// one ran are gone: they are reported failed.
    private func reregister(_ previous: WorkerRecord, with hello: WireWorkerHello, grant: WorkerGrant, now: ContinuousClock.Instant) {
        let peer = previous.peer
        let sameProcess = previous.workerID == hello.workerID && previous.hello.pid == hello.pid
            && previous.hello.hostname == hello.hostname
        // The same process keeps its confirmation (its join is durable already).
        var record = WorkerRecord(
            hello: hello, peer: peer, now: now,
            confirmed: !configuration.dispatchOnlyToConfirmedWorkers || (sameProcess && previous.isConfirmed),
            userID: previous.userID, grant: grant)
        if sameProcess {
            record.running = previous.running
            record.lastHeartbeatSequence = previous.lastHeartbeatSequence
        } else {
            for key in previous.running.sorted(by: KeyOrder.less) {
                running[key] = nil
                reportFailed(key, "worker \(previous.workerID) restarted: its running tries are gone")
            }
        }
        if previous.workerID != hello.workerID, peersByWorkerID[previous.workerID] == peer {
            peersByWorkerID[previous.workerID] = nil
        }
        registry[peer] = record
        logger.info("worker \(hello.workerID) registered again (same process: \(sameProcess))")
    }

    /// The ROUTER's answer to a message the wire layer dropped: a `worker_hello` whose body
    /// did not decode or validate gets `worker_reject` `invalid_hello` with the reason, so a
    /// misconfigured worker learns why it is ignored (PROTOCOL.md, bad frames). Everything
    /// else dropped gets no answer. Runs on the loop thread.
    nonisolated static func invalidHelloReply(_ dropped: DroppedMessage) -> UpdraftMessage? {
        guard dropped.messageType == MessageKind.workerHello.rawValue, dropped.error.code == .malformedBody else {
            return nil
        }
        return .workerReject(VersionNegotiation.reject(.invalidHello, dropped.error.message))
    }

    /// A hello its key does not allow: `worker_reject` `not_allowed` naming the queue;
    /// counted, and logged once per key (its name, never a secret).
    private func refuseByAccess(_ peer: PeerID, hello: WireWorkerHello, userID: String?, _ refusal: String) {
        counters.rejectedHellos += 1
        counters.accessRefusedHellos += 1
        let who = userID ?? "\(peer)"
        if loggedAccessRefusals.count < 4096, loggedAccessRefusals.insert(who).inserted {
            logger.warning("executor refused the hello of worker \(hello.workerID): \(refusal) (later refusals of this key are only counted)")
        }
        send([.workerReject(VersionNegotiation.reject(.notAllowed, refusal))], to: peer)
    }

    private func rejectHello(_ peer: PeerID, _ reject: WireWorkerReject) {
        counters.rejectedHellos += 1
        logger.warning("executor rejected hello from \(peer): \(reject.message)")
        send([.workerReject(reject)], to: peer)
    }

    /// Answers a non-hello message from an unknown peer with `not_registered`, at most
    /// once per heartbeat interval per peer, so the worker says hello again.
    private func replyNotRegistered(_ peer: PeerID, kind: MessageKind, now: ContinuousClock.Instant) {
        counters.unregisteredMessages += 1
        if let last = notRegisteredRepliedAt[peer], now - last < configuration.interval { return }
        notRegisteredRepliedAt[peer] = now
        logger.info("executor dropped \(kind.name) from unregistered peer \(peer); asked it to say hello")
        let text = "\(kind.name) from a peer that is not registered: send worker_hello first"
        send([.workerReject(VersionNegotiation.reject(.notRegistered, text))], to: peer)
    }

    // MARK: - Task messages

    /// Whether `key` runs on `peer`; when not, the message is dropped, counted, and the
    /// first such drop per worker logged.
    func isRunning(_ key: WireTaskInstanceKey, on peer: PeerID, what: String) -> Bool {
        if running[key]?.peer == peer { return true }
        counters.droppedTaskMessages += 1
        if let run = running[key] {
            fence(what, key, from: peer, "dispatched to worker \(registry[run.peer]?.workerID ?? "\(run.peer)")")
            return false
        }
        if registry[peer]?.loggedDrop == false {
            registry[peer]?.loggedDrop = true
            logger.warning("executor dropped \(what) for \(KeyOrder.text(key)) from worker \(peer): not running there (later drops are only counted)")
        }
        return false
    }

    private func handleFinished(_ finished: WireTaskFinished, from peer: PeerID) {
        let key = finished.key
        if running[key] == nil, fenced[key] == nil, recentlyEnded[key] == nil {
            passLateResult(finished, from: peer)
            return
        }
        guard running[key]?.peer == peer else {
            if let run = running[key] {
                counters.droppedTaskMessages += 1
                fence("task_finished", key, from: peer, "dispatched to worker \(registry[run.peer]?.workerID ?? "\(run.peer)")")
            } else {
                counters.droppedTaskMessages += 1
                logger.warning("executor dropped task_finished for \(KeyOrder.text(key)) from worker \(peer): not running there (duplicate or late)")
            }
            return
        }
        running[key] = nil
        recentlyEnded[key] = configuration.clock.now
        registry[peer]?.running.remove(key)
        counters.finished += 1
        switch finished.state {
        case .success: counters.succeeded += 1
        case .skipped: counters.skipped += 1
        default: counters.failed += 1
        }
        queuedAt[key] = nil
        handoffFrom[key] = nil
        latency.lastFinished[.init(dagID: key.dagID, runID: key.runID)] = configuration.clock.now
        emit(.finished(finished))
    }

    /// A result for a try that runs on no worker here and that this executor did not fail
    /// itself: a worker sends its recent results again after re-registering, since a
    /// restarted scheduler may never have stored them. Passed on as `finished`; the scheduler
    /// applies it only to the try it still has in flight under that number (otherwise it is
    /// a duplicate and changes nothing). A copy of the try still waiting here is withdrawn:
    /// its result is in.
    private func passLateResult(_ finished: WireTaskFinished, from peer: PeerID) {
        let key = finished.key
        guard mayReport(key, from: peer) else {
            fence("task_finished", key, from: peer, "a try of a queue its key may not serve, dispatched to no worker")
            return
        }
        _ = pending.remove(key)
        held[key] = nil
        queuedAt[key] = nil
        handoffFrom[key] = nil
        counters.lateResults += 1
        recentlyEnded[key] = configuration.clock.now
        logger.debug("executor passed a late task_finished for \(KeyOrder.text(key)) from worker \(registry[peer]?.workerID ?? "\(peer)") to the scheduler")
        emit(.finished(finished))
    }
}
