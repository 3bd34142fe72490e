import UpdraftProtocol

/// One task instance try the scheduler hands to the executor: the rendered dispatch
/// message (command, env, inline XCom inputs, queue, timeout) and its priority.
public struct TaskWork: Sendable, Hashable {
    /// What the worker receives.
    public var dispatch: WireTaskDispatch
    /// Effective priority weight: higher goes first within a queue; ties go first-come.
    public var priority: Int

    /// A unit of work.
    public init(dispatch: WireTaskDispatch, priority: Int) {
        self.dispatch = dispatch
        self.priority = priority
    }
}

/// What the executor tells the scheduler, in order per task instance.
public enum ExecutorEvent: Sendable, Hashable {
    /// A worker started the try (state running, with pid and host).
    case started(WireTaskStarted)
    /// A piece of its stdout/stderr.
    case log(WireTaskLogChunk)
    /// The try ended. The executor also produces this itself, with state failed and an
    /// error saying why, when the worker running it is lost (missed heartbeats,
    /// disconnected) or when a cancelled try is confirmed.
    case finished(WireTaskFinished)
    /// A worker registered (id, queues, capacity).
    case workerJoined(WireWorkerHello)
    /// A worker left or was declared lost; its running tries were reported `finished`.
    case workerLeft(workerId: String, reason: String)
    /// A (re-)registered worker's first heartbeat: the tries it runs now (adopted when no
    /// worker ran them here). After a scheduler restart, this is the worker's report.
    case workerReported(workerId: String, running: [WireTaskInstanceKey])
}

/// The scheduler's view of an executor: hand it work, cancel work, read its events.
/// ``WorkerExecutor`` is the ZeroMQ implementation; tests may use a fake.
public protocol WorkDispatching: Actor {
    /// Events, in the order they happened. One consumer (the scheduler).
    nonisolated var events: AsyncStream<ExecutorEvent> { get }
    /// Queues tries; each goes to a worker serving its queue with a free slot, highest
    /// priority first. A try whose key is already queued or running is ignored.
    func submit(_ work: [TaskWork])
    /// Stops a queued or running try (removed from the queue, or TaskCancel to its worker).
    func cancel(_ key: WireTaskInstanceKey, reason: String)
    /// How many tries wait for a worker, by queue.
    func queuedCounts() -> [String: Int]
    /// Tries running on a registered worker now, including ones a (re-)registered worker
    /// reports in its heartbeats that were never submitted here (adopted after a
    /// scheduler restart). The scheduler's recovery uses it.
    func runningKeys() -> [WireTaskInstanceKey]
    /// The scheduler has made the joins of these workers durable (the store lists them):
    /// with ``ExecutorConfiguration/dispatchOnlyToConfirmedWorkers`` they may get tries now.
    func confirmWorkers(_ workerIds: [String])
}

extension WorkDispatching {
    /// Executors that dispatch to any registered worker need no confirmation.
    public func confirmWorkers(_ workerIds: [String]) {}
}
