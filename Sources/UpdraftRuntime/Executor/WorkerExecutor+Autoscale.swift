import UpdraftProtocol
import UpdraftWire

/// What an autoscaler reads from the executor in one call: the waiting tries per queue and
/// the registered workers, taken at the same instant.
public struct ExecutorLoad: Sendable, Hashable {
    /// Tries waiting for a worker, by queue (held tries included; queues with none absent).
    public var queued: [String: Int]
    /// Registered workers, sorted by worker id.
    public var workers: [WorkerSnapshot]
    /// False once the executor is shutting down: new workers would be refused.
    public var acceptingWorkers: Bool

    /// A load.
    public init(queued: [String: Int], workers: [WorkerSnapshot], acceptingWorkers: Bool = true) {
        self.queued = queued
        self.workers = workers
        self.acceptingWorkers = acceptingWorkers
    }
}

extension WorkerExecutor {
    /// Waiting tries and registered workers in one consistent snapshot (the autoscaler's input).
    public func load() -> ExecutorLoad {
        ExecutorLoad(queued: queuedCounts(), workers: workers(), acceptingWorkers: accepting)
    }

    /// Tells worker `workerID` to drain: it gets no new work from now on, and is sent
    /// `worker_drain` (with `timeout`, 0 = no limit), so it finishes what it runs, says
    /// goodbye and exits. False when no such worker is registered.
    @discardableResult
    public func drainWorker(_ workerID: String, reason: String, timeout: Duration = .zero) -> Bool {
        guard let peer = peersByWorkerID[workerID], registry[peer] != nil else { return false }
        registry[peer]?.drain()
        var drain = WireWorkerDrain()
        drain.reason = reason
        drain.timeoutMs = UInt64(max(0, timeout / .milliseconds(1)))
        send([.workerDrain(drain)], to: peer)
        logger.info("worker \(workerID) told to drain: \(reason)")
        return true
    }

    /// Tries waiting for a worker, by pool (empty pool name: `default_pool`).
    public func queuedByPool() -> [String: Int] {
        var counts: [String: Int] = [:]
        for work in pending.allWork { counts[Self.poolName(of: work.dispatch), default: 0] += 1 }
        for item in held.values { counts[Self.poolName(of: item.work.dispatch), default: 0] += 1 }
        return counts
    }

    /// The queued → started latency histogram, in microseconds, since start.
    public func latencies() -> ExecutorLatencies { latency }

    static func poolName(of dispatch: WireTaskDispatch) -> String {
        dispatch.pool.isEmpty ? "default_pool" : dispatch.pool
    }
}
