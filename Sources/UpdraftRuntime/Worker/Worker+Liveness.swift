import Foundation
import UpdraftProtocol

extension Worker {
    /// Wakes every quarter heartbeat interval: sends a heartbeat when ``WorkerLiveness/heartbeatPeriod(interval:silentFor:)``
    /// has passed since the last (so one leaves at least every interval),
    /// notices a silent executor (or a hello left unanswered) and reconnects. Ends when
    /// the task is cancelled.
    func tickLoop() async {
        while !Task.isCancelled {
            guard (try? await configuration.clock.sleep(for: liveness.tickPause)) != nil else { return }
            await tick()
        }
    }

    /// Performs what ``WorkerLiveness/tick(now:)`` decides.
    private func tick() async {
        guard !finished, port != nil else { return }
        let now = configuration.clock.now
        switch liveness.tick(now: now) {
        case .none: break
        case .sendHeartbeat: await sendHeartbeat()
        case .reconnectUnwelcomed:
            logger.warning("no welcome from \(currentEndpoint) within \(liveness.timeout); connecting again")
            await reconnect()
        case .executorLost:
            executorLost()
            moveToNextEndpoint()
            await reconnect()
        case .failOver:
            let from = currentEndpoint
            moveToNextEndpoint()
            logger.warning("no answer from the executor at \(from): trying \(currentEndpoint) (\(runningKeys.count) running tries kept)")
            await reconnect()
        }
        if liveness.mayPruneResults(now: now) { sentResults.prune(now: now) }
    }

    /// Sends a heartbeat with the keys of the tries that run.
    func sendHeartbeat() async {
        heartbeatSequence += 1
        liveness.heartbeatSent(at: configuration.clock.now)
        let keys = runningKeys
        await emit([.heartbeat(.with {
            $0.senderID = configuration.workerId
            $0.sequence = heartbeatSequence
            $0.busySlots = UInt32(keys.count)
            $0.running = keys
            $0.sentAtUnixUs = configuration.clock.date.unixMicros
        })])
    }

    /// The executor has been silent for the timeout: it has declared this worker lost and
    /// failed its tries, so they are killed now and their ends not reported.
    private func executorLost() {
        logger.warning(
            "executor at \(currentEndpoint) silent for \(liveness.timeout): killing \(running.count) running tries, reconnecting")
        for key in running.keys {
            running[key]?.dropResult = true
            running[key]?.control.stop(.executorLost)
        }
    }

    /// The endpoint connected to (or being connected to).
    var currentEndpoint: String {
        let all = configuration.endpoints
        return all[endpointIndex % all.count]
    }

    /// The next endpoint of ``WorkerConfiguration/endpoints`` is used from the next connection on.
    private func moveToNextEndpoint() {
        endpointIndex = (endpointIndex + 1) % configuration.endpoints.count
    }

    /// Closes the connection; `run()` opens a new one and says hello.
    private func reconnect() async {
        let old = port
        port = nil
        await old?.close()
    }
}
