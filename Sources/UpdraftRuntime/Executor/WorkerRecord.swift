import UpdraftProtocol
import UpdraftWire

/// What the executor knows about one registered worker.
struct WorkerRecord {
    /// The hello it registered with (the latest one).
    var hello: WireWorkerHello
    /// Its routing id on the ROUTER.
    let peer: PeerID
    /// Queues it serves.
    var queues: Set<String>
    /// Slots.
    var capacity: Int
    /// Tries running on it (dispatched here or adopted).
    var running: Set<WireTaskInstanceKey> = []
    /// Last message of any kind.
    var lastSeen: ContinuousClock.Instant
    /// Last heartbeat's sequence and busy slots.
    var lastHeartbeatSequence: UInt64 = 0
    var reportedBusySlots = 0
    /// Told to drain: gets no new work.
    var draining = false
    /// Whether a dropped task message from it was logged already (one line per worker).
    var loggedDrop = false
    /// May get tries (see ``ExecutorConfiguration/dispatchOnlyToConfirmedWorkers``).
    var confirmed = true
    /// The last send to it failed (not connected): it takes no tries until it is heard from.
    var unreachable = false
    /// Its first heartbeat since its hello arrived (``ExecutorEvent/workerReported(workerId:running:)`` sent).
    var reported = false

    init(hello: WireWorkerHello, peer: PeerID, now: ContinuousClock.Instant) {
        self.hello = hello
        self.peer = peer
        self.queues = Set(hello.queues)
        self.capacity = Int(hello.capacity)
        self.lastSeen = now
    }

    var workerID: String { hello.workerID }

    /// Slots free for new work (0 when adopted tries exceed the capacity).
    var freeSlots: Int { max(0, capacity - running.count) }

    /// Whether it may take a try of `queue` now.
    func canTake(queue: String) -> Bool {
        confirmed && !draining && !unreachable && freeSlots > 0 && queues.contains(queue)
    }

    var snapshot: WorkerSnapshot {
        WorkerSnapshot(
            workerID: workerID, queues: hello.queues, capacity: capacity, busySlots: running.count,
            reportedBusySlots: reportedBusySlots, lastSeen: lastSeen,
            lastHeartbeatSequence: lastHeartbeatSequence, draining: draining,
            hostname: hello.hostname, pid: hello.pid)
    }
}
