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
    /// Where it is in its life here: `joining` → `serving` → `draining`.
    private(set) var phase: Phase
    /// Whether the last send to it got through.
    private(set) var link: Link = .reachable
    /// Whether its first heartbeat since the hello has come
    /// (``ExecutorEvent/workerReported(workerId:running:)`` sent then).
    private(set) var firstHeartbeat: FirstHeartbeat = .awaited
    /// Whether a dropped task message from it was logged already (one line per worker).
    var loggedDrop = false
    /// Whether a message the per-dispatch fence or the identity check dropped was logged already.
    var loggedFence = false
    /// The ZAP `User-Id` of its connection (its CURVE key's name); nil for an `inproc://`
    /// or plaintext peer. Every later message from its routing id must carry the same one.
    let userID: String?
    /// What its key lets it serve: checked at the hello, at every dispatch (``canTake(queue:)``)
    /// and again whenever the allow-list changes.
    var grant: WorkerGrant = .allQueues

    /// A registered worker's phase.
    enum Phase: Equatable {
        /// Its join is not durable in the store yet: no tries
        /// (``ExecutorConfiguration/dispatchOnlyToConfirmedWorkers``).
        case joining
        /// Takes tries of its queues while it has free slots.
        case serving
        /// Told to drain (shutdown, retired by the autoscaler): no new tries, ever.
        case draining
    }

    /// Whether sends to it get through.
    enum Link: Equatable {
        case reachable
        /// The last send failed (not connected): no tries until it is heard from.
        case unreachable
    }

    /// Its first heartbeat since the hello.
    enum FirstHeartbeat: Equatable { case awaited, received }

    /// A worker that has said `hello`; `confirmed`: its join is durable (or need not be).
    init(hello: WireWorkerHello, peer: PeerID, now: ContinuousClock.Instant, confirmed: Bool,
         userID: String? = nil, grant: WorkerGrant = .allQueues) {
        self.hello = hello
        self.peer = peer
        self.userID = userID
        self.grant = grant
        self.queues = Set(hello.queues)
        self.capacity = Int(hello.capacity)
        self.lastSeen = now
        self.phase = confirmed ? .serving : .joining
    }

    /// Its join is durable: a joining worker starts serving. Returns whether it changed.
    mutating func confirm() -> Bool {
        guard phase == .joining else { return false }
        phase = .serving
        return true
    }

    /// Told to drain: it takes no new tries from now on.
    mutating func drain() { phase = .draining }

    /// A message came from it: it is reachable.
    mutating func heard(at now: ContinuousClock.Instant) {
        lastSeen = now
        link = .reachable
    }

    /// A send to it failed.
    mutating func sendFailed() { link = .unreachable }

    /// A heartbeat came; returns whether it is the first since the hello.
    mutating func heartbeatReceived() -> Bool {
        defer { firstHeartbeat = .received }
        return firstHeartbeat == .awaited
    }

    /// Whether it is serving (its join durable, not draining).
    var isConfirmed: Bool { phase != .joining }

    var workerID: String { hello.workerID }

    /// Slots free for new work (0 when adopted tries exceed the capacity).
    var freeSlots: Int { max(0, capacity - running.count) }

    /// Whether it may take a try of `queue` now: it serves the queue, its key allows it, it
    /// is serving, reachable and has a free slot.
    func canTake(queue: String) -> Bool {
        phase == .serving && link == .reachable && freeSlots > 0 && queues.contains(queue) && grant.permits(queue: queue)
    }

    var snapshot: WorkerSnapshot {
        WorkerSnapshot(
            workerID: workerID, queues: hello.queues, capacity: capacity, busySlots: running.count,
            reportedBusySlots: reportedBusySlots, lastSeen: lastSeen,
            lastHeartbeatSequence: lastHeartbeatSequence, draining: phase == .draining,
            hostname: hello.hostname, pid: hello.pid)
    }
}
