import Foundation
import UpdraftCore
import UpdraftProtocol

extension Worker {
    /// Reacts to one message from the executor. Any message counts as a sign of life.
    func handle(_ message: UpdraftMessage) async {
        liveness.heard(at: configuration.clock.now)
        switch message {
        case .workerWelcome(let welcome): await welcomed(welcome)
        case .workerReject(let reject): await rejected(reject)
        case .heartbeat: break
        case .taskDispatch(let dispatch): accept(dispatch)
        case .taskCancel(let cancel):
            guard let entry = running[cancel.key] else {
                logger.info("task_cancel for \(cancel.key.textForm), which does not run here; ignored")
                return
            }
            entry.control.stop(.cancelled(cancel.reason.isEmpty ? "cancelled by the executor" : cancel.reason))
        case .workerDrain(let drain):
            beginDrain(reason: "drained: \(drain.reason)")
            if drain.timeoutMs > 0 {
                let timeout = Duration.milliseconds(Int64(clamping: drain.timeoutMs))
                // Unstructured: the drain's deadline; ends by itself (cancelling what still runs then).
                Task {
                    try? await Task.sleep(for: timeout)
                    self.cancelAll(reason: "drain timeout (\(drain.timeoutMs) ms) exceeded")
                }
            }
            await finishIfIdle()
        case .workerShutdown(let shutdown):
            beginDrain(reason: "shutdown: \(shutdown.reason)")
            cancelAll(reason: "worker shutdown" + (shutdown.reason.isEmpty ? "" : ": \(shutdown.reason)"))
            await finishIfIdle()
        default:
            logger.warning("unexpected \(message.kind.name) from the executor; ignored")
        }
    }

    /// The executor accepted us: take its heartbeat settings and report what runs at once.
    private func welcomed(_ welcome: WireWorkerWelcome) async {
        liveness.welcomed(intervalMs: welcome.heartbeatIntervalMs, timeoutMs: welcome.heartbeatTimeoutMs)
        // Version 2 and up: results, log chunks and heartbeats sent together go as one batch.
        await port?.setBatching(welcome.protocolVersion >= UInt32(UpdraftCodec.batchesFromVersion))
        logger.info(
            "registered with executor '\(welcome.executorID)' (protocol \(welcome.protocolVersion), heartbeat \(liveness.interval), timeout \(liveness.timeout))")
        // Before the first heartbeat (the report a restarted scheduler waits for): the
        // results it may never have stored, so it applies them before deciding anything.
        if wasRegistered, sentResults.count > 0 {
            let again = sentResults.resend(at: configuration.clock.now)
            logger.info("sending again the results of \(again.count) tries that ended lately (the executor may not have them)")
            await emit(again.map { .taskFinished($0) })
        }
        wasRegistered = true
        await sendHeartbeat()
    }

    /// `not_registered`: a restarted executor forgot us; say hello again on the same
    /// connection. `shutting_down`, or `duplicate_worker_id` after we were registered (the
    /// executor has not yet noticed our old connection is gone): try again after a while.
    /// Anything else is fatal: `run()` throws it.
    private func rejected(_ reject: WireWorkerReject) async {
        if reject.code == .notRegistered {
            logger.info("executor does not know this worker (restarted?): saying hello again")
            sayHello()
            await emit([.workerHello(hello())])
        } else if reject.code == .shuttingDown || (reject.code == .duplicateWorkerID && wasRegistered) {
            logger.warning("executor refused the hello (\(reject.code)): \(reject.message); trying again")
            let delay = liveness.interval
            // Unstructured: the hello is retried later while the inbox keeps being read.
            Task {
                try? await Task.sleep(for: delay)
                await self.helloAgain()
            }
        } else {
            let error = WorkerError(
                .rejected,
                "the executor at \(currentEndpoint) rejected worker '\(configuration.workerId)' (\(reject.code)): \(reject.message)"
                    + (reject.code == .unsupportedVersion
                        ? " (executor speaks protocol \(reject.minProtocolVersion)...\(reject.maxProtocolVersion), this worker \(UpdraftCodec.supportedVersions))" : ""))
            logger.error("\(error.message)")
            fatal = error
            finished = true
            cancelAll(reason: "worker rejected")
            await port?.close()
        }
    }

    private func helloAgain() async {
        guard !finished, !isRegistered else { return }
        sayHello()
        await emit([.workerHello(hello())])
    }

    /// Marks the connection as waiting for a welcome from now on.
    func sayHello() {
        liveness.helloSent(at: configuration.clock.now)
    }

    /// This worker's hello. Over `inproc://` it offers version 1 only: batches (version 2)
    /// save per-message system calls and CURVE work, which an in-process link does not have,
    /// and cost a copy (`bench run` fan-out over inproc was 5-10 % slower with them).
    func hello() -> WireWorkerHello {
        .with {
            $0.workerID = configuration.workerId
            $0.queues = configuration.queues
            $0.capacity = UInt32(configuration.concurrency)
            $0.minProtocolVersion = UInt32(UpdraftCodec.supportedVersions.lowerBound)
            $0.maxProtocolVersion = currentEndpoint.hasPrefix("inproc://")
                ? UInt32(UpdraftCodec.batchesFromVersion - 1) : UInt32(UpdraftCodec.supportedVersions.upperBound)
            $0.hostname = HostIdentity.hostname
            $0.pid = HostIdentity.pid
            $0.labels = configuration.labels
            $0.softwareVersion = UpdraftVersion.string
        }
    }
}
