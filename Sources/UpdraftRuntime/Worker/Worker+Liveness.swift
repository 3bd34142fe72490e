import Foundation
import UpdraftProtocol

extension Worker {
    /// Wakes every quarter heartbeat interval: sends a heartbeat when ``heartbeatPeriod(interval:silentFor:)``
    /// has passed since the last (so one leaves at least every interval),
    /// notices a silent executor (or a hello left unanswered) and reconnects. Ends when
    /// the task is cancelled.
    func tickLoop() async {
        while !Task.isCancelled {
            let pause = max(heartbeatInterval / 4, .milliseconds(5))
            guard (try? await Task.sleep(for: pause)) != nil else { return }
            await tick()
        }
    }

    private func tick() async {
        guard !finished, port != nil else { return }
        let now = ContinuousClock.now
        switch registration {
        case .connecting(let since):
            if now - since >= heartbeatTimeout {
                logger.warning("no welcome from \(configuration.endpoint) within \(heartbeatTimeout); connecting again")
                await reconnect()
            }
        case .registered:
            if now - lastHeard >= heartbeatTimeout {
                executorLost()
                await reconnect()
            } else if now - lastHeartbeatSent >= Self.heartbeatPeriod(interval: heartbeatInterval, silentFor: now - lastHeard) {
                await sendHeartbeat()
            }
            // Only while the executor answers: kept results outlast any outage.
            if now - lastHeard < heartbeatInterval { sentResults.prune(now: now) }
        }
    }

    /// How long after the last heartbeat the next one leaves: three quarters of the
    /// interval while the executor is heard from (it sends one every interval), a quarter
    /// once it has been silent for more than an interval and a quarter. A restarted
    /// executor answers the first heartbeat it gets with `not_registered`, so probing faster
    /// re-registers this worker within a quarter interval of the executor's return (its
    /// recovery waits for that), instead of up to a whole interval.
    static func heartbeatPeriod(interval: Duration, silentFor silence: Duration) -> Duration {
        silence > interval + interval / 4 ? interval / 4 : interval - interval / 4
    }

    /// Sends a heartbeat with the keys of the tries that run.
    func sendHeartbeat() async {
        heartbeatSequence += 1
        lastHeartbeatSent = .now
        let keys = runningKeys
        await emit([.heartbeat(.with {
            $0.senderID = configuration.workerId
            $0.sequence = heartbeatSequence
            $0.busySlots = UInt32(keys.count)
            $0.running = keys
            $0.sentAtUnixUs = Date().unixMicros
        })])
    }

    /// The executor has been silent for the timeout: it has declared this worker lost and
    /// failed its tries, so they are killed now and their ends not reported.
    private func executorLost() {
        logger.warning(
            "executor at \(configuration.endpoint) silent for \(heartbeatTimeout): killing \(running.count) running tries, reconnecting")
        for key in running.keys {
            running[key]?.dropResult = true
            running[key]?.control.stop(.executorLost)
        }
    }

    /// Closes the connection; `run()` opens a new one and says hello.
    private func reconnect() async {
        registration = .connecting(since: .now)
        let old = port
        port = nil
        await old?.close()
    }
}
