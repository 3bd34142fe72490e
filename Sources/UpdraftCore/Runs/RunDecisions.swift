import Foundation

/// What to persist and do after one planning step of a ``RunTracker``.
///
/// Apply it in this order: persist ``changed`` (upsert by id) and ``runState``, then hand
/// ``toSchedule`` to the slot allocation / executor, then arm a timer for ``nextWakeup``.
public struct RunDecisions: Sendable, Hashable {
    /// Every instance whose fields changed in this step, including instances created in it
    /// (all tasks at run start, mapped expansions), in topological order of their tasks
    /// (then map index; instances of tasks no longer in the DAG last).
    ///
    /// When a mapped task expands, its placeholder (map index -1) appears here in state
    /// `removed` next to the new map indexes 0..<n: upserting is enough, nothing is deleted.
    public var changed: [TaskInstanceView]
    /// Instances that became ready in this step (their state is `scheduled` in ``changed``),
    /// highest effective priority weight first, ties in topological order then map index.
    public var toSchedule: [TaskInstanceID]
    /// The run's new state when it changed in this step (`running`, `success`, `failed`).
    public var runState: DagRunState?
    /// The earliest `nextTryAt` of the run's `up_for_retry` instances, if any: call
    /// ``RunTracker/wake(now:)`` (cheap) or ``RunTracker/evaluate(now:)`` (full) then.
    public var nextWakeup: Date?
    /// Mapped task ids whose expansion is due but whose upstream list length is unknown
    /// (typically after a restart): read the length from XCom and call
    /// ``RunTracker/expand(taskId:length:now:)``.
    public var awaitingMapLength: [String]
    /// Human-readable notes on bad input met in this step (unknown instance id, a branch
    /// choosing task ids that do not exist, a map length over the limit). Each names the
    /// task instance concerned. Log them; the state consequences are already in ``changed``.
    public var problems: [String]

    /// Decisions with every field given; the default is "nothing to do".
    public init(
        changed: [TaskInstanceView] = [], toSchedule: [TaskInstanceID] = [], runState: DagRunState? = nil,
        nextWakeup: Date? = nil, awaitingMapLength: [String] = [], problems: [String] = []
    ) {
        self.changed = changed
        self.toSchedule = toSchedule
        self.runState = runState
        self.nextWakeup = nextWakeup
        self.awaitingMapLength = awaitingMapLength
        self.problems = problems
    }
}
