import UpdraftProtocol

/// A registered worker as ``WorkerExecutor/workers()`` reports it.
public struct WorkerSnapshot: Sendable, Hashable {
    /// The worker's id (from its hello).
    public var workerID: String
    /// The queues it serves.
    public var queues: [String]
    /// How many tries it runs at once.
    public var capacity: Int
    /// Tries running on it now, as the executor counts them (adopted ones included).
    public var busySlots: Int
    /// Busy slots the worker itself reported in its last heartbeat.
    public var reportedBusySlots: Int
    /// When the executor last heard from it (any message counts), on the executor's clock.
    public var lastSeen: ContinuousClock.Instant
    /// Sequence number of its last heartbeat (0 before the first).
    public var lastHeartbeatSequence: UInt64
    /// Whether it was told to drain (it gets no new work).
    public var draining: Bool
    /// Host and pid from its hello.
    public var hostname: String
    /// The worker's process id.
    public var pid: UInt32

    /// Creates a snapshot.
    public init(
        workerID: String, queues: [String], capacity: Int, busySlots: Int, reportedBusySlots: Int,
        lastSeen: ContinuousClock.Instant, lastHeartbeatSequence: UInt64, draining: Bool,
        hostname: String, pid: UInt32
    ) {
        self.workerID = workerID
        self.queues = queues
        self.capacity = capacity
        self.busySlots = busySlots
        self.reportedBusySlots = reportedBusySlots
        self.lastSeen = lastSeen
        self.lastHeartbeatSequence = lastHeartbeatSequence
        self.draining = draining
        self.hostname = hostname
        self.pid = pid
    }
}
