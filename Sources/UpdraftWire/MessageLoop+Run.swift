#if canImport(Glibc)
import Glibc
#endif
import CZeroMQ

/// What the loop polls: implemented by `WirePort`, whose methods hop into its isolation
/// with `assumeIsolated` because the loop calls them on its own thread.
protocol LoopPollTarget: AnyObject, Sendable {
    /// The raw socket to poll. Loop thread only.
    var pollSocket: UnsafeMutableRawPointer? { get }
    /// `ZMQ_POLLIN`/`ZMQ_POLLOUT` wanted now. Loop thread only.
    func pollEvents() -> PollRequest
    /// Handles what `zmq_poll` reported. Loop thread only.
    func handle(revents: Int16)
    /// The loop is stopping: close everything. Loop thread only.
    func loopStopping()
}

/// What a poll target wants from the next `zmq_poll`.
struct PollRequest: Sendable {
    /// `ZMQ_POLLIN` / `ZMQ_POLLOUT` bits.
    var events: Int16
    /// Poll again within a millisecond even if nothing happens (a stalled send queue retries).
    var retrySoon: Bool
}

extension MessageLoop {
    func run() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        var spare: [UnownedJob] = []
        while true {
            var stopping = false
            for _ in 0..<8 {
                stopping = state.withLock { state in
                    swap(&state.queue, &spare)
                    return state.stopping
                }
                if spare.isEmpty { break }
                runJobs(&spare)
            }
            if stopping { break }
            let idle = state.withLock { $0.queue.isEmpty }
            poll(idle: idle)
        }
        for target in targets { target.loopStopping() }
        targets.removeAll()
        runRemainingJobs()
    }

    private func runJobs(_ jobs: inout [UnownedJob]) {
        let serial = asUnownedSerialExecutor()
        let task = asUnownedTaskExecutor()
        for job in jobs { job.runSynchronously(isolatedTo: serial, taskExecutor: task) }
        jobs.removeAll(keepingCapacity: true)
    }

    /// Runs jobs until the queue is empty, then marks the loop finished. Used by the loop
    /// thread when it stops, and by a short-lived thread for jobs that arrive afterwards.
    func runRemainingJobs() {
        threadID.store(UInt(pthread_self()), ordering: .releasing)
        var spare: [UnownedJob] = []
        while true {
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
                swap(&state.queue, &spare)
                guard spare.isEmpty else { return nil }
                state.finished = true
                state.draining = false
                defer { state.exitWaiters = [] }
                return state.exitWaiters
            }
            if let waiters {
                for waiter in waiters { waiter.resume() }
                return
            }
            runJobs(&spare)
        }
    }

    /// Polls without blocking until something is ready or the spin budget is spent;
    /// returns `zmq_poll`'s result (0 when nothing came).
    private func spinPoll(count: Int) -> Int32 {
        let deadline = monotonicNanos() + spinNanos
        while true {
            let rc = pollItems.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32(count), 0) }
            if rc != 0 || monotonicNanos() >= deadline { return rc }
            sched_yield()
        }
    }

    private func monotonicNanos() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    /// One `zmq_poll`: blocks when `idle` (at most 1 ms if a port retries a stalled queue).
    private func poll(idle: Bool) {
        let current = targets
        pollItems.removeAll(keepingCapacity: true)
        pollItems.append(zmq_pollitem_t(socket: nil, fd: wakeFD, events: Int16(ZMQ_POLLIN), revents: 0))
        var retrySoon = false
        for target in current {
            let request = target.pollEvents()
            retrySoon = retrySoon || request.retrySoon
            pollItems.append(zmq_pollitem_t(socket: target.pollSocket, fd: 0, events: request.events, revents: 0))
        }
        let timeout = idle ? (retrySoon ? 1 : -1) : 0
        let count = pollItems.count
        var rc: Int32 = 0
        if timeout != 0, spinNanos > 0 {
            rc = spinPoll(count: count)
        }
        if rc == 0 {
            rc = pollItems.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32(count), timeout) }
        }
        guard rc > 0 else { return }
        if pollItems[0].revents != 0 { drainWakeups() }
        for index in 1..<count where pollItems[index].revents != 0 {
            current[index - 1].handle(revents: pollItems[index].revents)
        }
    }
}
