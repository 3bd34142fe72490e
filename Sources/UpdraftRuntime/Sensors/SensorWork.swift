import Foundation
import UpdraftCore

/// One sensor try the scheduler hands to ``SensorRuntime``: which instance, which try, what
/// it waits for, and the dates of its run.
public struct SensorWork: Sendable, Hashable {
    /// The sensor's task instance.
    public var id: TaskInstanceID
    /// The try this work belongs to (events carry it back; a stale try's events are dropped).
    public var tryNumber: Int
    /// What the sensor waits for and how it pokes.
    public var spec: SensorSpec
    /// The run's logical date.
    public var logicalDate: Date
    /// The run's data interval end (`time_delta` waits for it plus the delta).
    public var dataIntervalEnd: Date
    /// When the try first poked: the timeout counts from here, also across scheduler restarts
    /// (it is the row's `start_date`).
    public var firstPokeAt: Date
    /// For an `external_task` sensor naming a task group: the group's task ids, when the
    /// scheduler knows the other DAG (same deployment). Empty: ids come from the events
    /// (tasks whose id starts with `group.`).
    public var resolvedTaskIds: [String]

    /// A sensor try.
    public init(
        id: TaskInstanceID, tryNumber: Int, spec: SensorSpec, logicalDate: Date, dataIntervalEnd: Date,
        firstPokeAt: Date, resolvedTaskIds: [String] = []
    ) {
        self.id = id
        self.tryNumber = tryNumber
        self.spec = spec
        self.logicalDate = logicalDate
        self.dataIntervalEnd = dataIntervalEnd
        self.firstPokeAt = firstPokeAt
        self.resolvedTaskIds = resolvedTaskIds
    }

    /// When the try times out: first poke + `timeout`.
    public var deadline: Date { firstPokeAt.addingTimeInterval(TimeInterval(spec.timeout.seconds)) }
}

/// What ``SensorRuntime`` reports back to the scheduler.
public enum SensorEvent: Sendable, Hashable {
    /// The condition is not met yet; the next check is at `nextCheckAt` (for an
    /// `external_task` sensor, which reacts to events, that is its timeout).
    case waiting(TaskInstanceID, tryNumber: Int, nextCheckAt: Date)
    /// The try ended: `success`, `failed` or `skipped`. `retryable` false means the task's
    /// retries do not apply (a timeout, as Airflow's `AirflowSensorTimeout`; a target that
    /// does not exist).
    case finished(TaskInstanceID, tryNumber: Int, state: TaskInstanceState, error: String?, retryable: Bool)

    /// The instance the event is about.
    public var id: TaskInstanceID {
        switch self {
        case .waiting(let id, _, _), .finished(let id, _, _, _, _): id
        }
    }
}
