import UpdraftProtocol
import UpdraftWire

extension WorkerExecutor {
    /// Stops dispatching and refuses new workers, sends `worker_drain` to every worker,
    /// waits until no try runs or `drainTimeout` passes, then sends `worker_shutdown`,
    /// gives the workers' cancel reports a short grace period (at most one heartbeat
    /// interval), reports what still runs as failed ("executor shut down"), closes the
    /// ROUTER and ends ``events``. Tries still queued stay unreported: the scheduler
    /// recovers them from the store on its next start. Idempotent. Returns true when the
    /// drain ended with no try running (every dispatched try finished and was reported), false
    /// when some had to be failed, or when it had already been shut down.
    @discardableResult
    public func shutdown(drainTimeout: Duration) async -> Bool {
        guard !stopped else { return false }
        stopped = true
        accepting = false
        var drain = WireWorkerDrain()
        drain.reason = "executor shutting down"
        drain.timeoutMs = UInt64(max(0, drainTimeout / .milliseconds(1)))
        for peer in registry.keys {
            registry[peer]?.drain()
            send([.workerDrain(drain)], to: peer)
        }
        await waitUntilIdle(for: drainTimeout)
        let drained = running.isEmpty
        var stop = WireWorkerShutdown()
        stop.reason = "executor shut down"
        for peer in registry.keys { send([.workerShutdown(stop)], to: peer) }
        await waitUntilIdle(for: min(drainTimeout, configuration.interval))
        for key in running.keys.sorted(by: KeyOrder.less) {
            let owner = running[key].flatMap { registry[$0.peer]?.workerID } ?? "?"
            reportFailed(key, "executor shut down while worker \(owner) ran this try")
        }
        running = [:]
        timerTask?.cancel()
        outboundSink.finish()
        await senderTask?.value
        // The port closes with linger 0: give tcp peers a moment to receive the shutdown.
        if !registry.isEmpty { try? await Task.sleep(for: .milliseconds(50)) }
        await port?.close()
        await readerTask?.value
        eventSink.finish()
        logger.info("executor stopped: \(counters.dispatched) dispatched, \(counters.finished) finished")
        return drained
    }

    /// Returns when no try runs or `limit` passed, checking every 10 ms (the inbox keeps
    /// being handled meanwhile: this actor is free between checks).
    private func waitUntilIdle(for limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while !running.isEmpty && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
