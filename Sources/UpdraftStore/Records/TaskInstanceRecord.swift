import Foundation
import UpdraftCore

/// One row of `task_instance`: the latest try of one task instance.
public struct TaskInstanceRecord: Sendable, Hashable, Codable {
    /// Which task instance (DAG, run, task, map index).
    public var id: TaskInstanceID
    /// Current state.
    public var state: TaskInstanceState
    /// The try in progress or last made; 0 before the first try (Airflow increments it
    /// when the try starts).
    public var tryNumber: Int
    /// Retries allowed (the task's `retries` when the instance was created or cleared).
    public var maxTries: Int
    /// Pool whose slots it takes.
    public var pool: String
    /// Slots it takes.
    public var poolSlots: Int
    /// Effective priority weight (after the weight rule).
    public var priorityWeight: Int
    /// Worker queue.
    public var queue: String
    /// When it was queued (handed to the executor).
    public var queuedAt: Date?
    /// When the current try started on a worker.
    public var startDate: Date?
    /// When the current try ended.
    public var endDate: Date?
    /// When an up_for_retry instance may run again (or an up_for_reschedule one be checked).
    public var nextTryAt: Date?
    /// Worker that runs or ran the current try.
    public var workerId: String?
    /// Host of that worker.
    public var hostname: String?
    /// Process id of the task on that host.
    public var pid: Int?
    /// Why the last try failed.
    public var errorMessage: String?

    /// A new instance in state `none` at try 0.
    public init(
        id: TaskInstanceID, state: TaskInstanceState = .none, tryNumber: Int = 0, maxTries: Int = 0,
        pool: String = "default_pool", poolSlots: Int = 1, priorityWeight: Int = 1, queue: String = "default"
    ) {
        self.id = id
        self.state = state
        self.tryNumber = tryNumber
        self.maxTries = maxTries
        self.pool = pool
        self.poolSlots = poolSlots
        self.priorityWeight = priorityWeight
        self.queue = queue
    }

    /// Seconds between start and end of the current try, when both are known.
    public var duration: TimeInterval? {
        guard let s = startDate, let e = endDate else { return nil }
        return e.timeIntervalSince(s)
    }
}
