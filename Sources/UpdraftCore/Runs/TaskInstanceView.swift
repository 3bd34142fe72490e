import Foundation

/// One task instance as the run planner (``RunTracker``) sees it: identity, state and the
/// try bookkeeping the retry policy needs. The scheduler persists it (e.g. as a store
/// record) and hands it back after a restart.
public struct TaskInstanceView: Sendable, Hashable {
    /// DAG, run, task and map index (-1 when not mapped).
    public var id: TaskInstanceID
    /// Current state.
    public var state: TaskInstanceState
    /// Tries started so far (0 before the first); the caller sets it through
    /// ``RunTracker/started(_:tryNumber:at:)``.
    public var tryNumber: Int
    /// Tries allowed in all: the task's `retries + 1`. A failed try with
    /// `tryNumber < maxTries` goes to `up_for_retry`, otherwise to `failed`.
    public var maxTries: Int
    /// When an `up_for_retry` instance becomes schedulable again.
    public var nextTryAt: Date?
    /// When the current (or last) try started.
    public var startDate: Date?
    /// When the current (or last) try ended, or when the planner skipped / failed it.
    public var endDate: Date?

    /// A view with every field given; defaults describe a new instance (state `none`, try 0, one try).
    public init(
        id: TaskInstanceID, state: TaskInstanceState = .none, tryNumber: Int = 0, maxTries: Int = 1,
        nextTryAt: Date? = nil, startDate: Date? = nil, endDate: Date? = nil
    ) {
        self.id = id
        self.state = state
        self.tryNumber = tryNumber
        self.maxTries = maxTries
        self.nextTryAt = nextTryAt
        self.startDate = startDate
        self.endDate = endDate
    }
}
